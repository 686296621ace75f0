"""Common English words: a real word the site never uses ("driving", "hear") is meant as
typed, not a typo of a site word one slip away ("drinking", "heart")."""

from functools import cache

# Words counted at least this often in pyspellchecker's English list: about 47,000 of its
# 160,000, every everyday word; the rarer ones are mostly names, and a typo can land on one.
COMMON = 100


@cache
def english_words():
    """Loaded once a process (0.3 s and 24 MB here; gunicorn loads it before it forks)."""
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en").word_frequency.dictionary
    return frozenset(word for word, count in counts.items() if count >= COMMON)


def is_english(word):
    return word in english_words()
