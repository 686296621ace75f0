"""Read a search page the way a reader does: its results' titles, in order, without the
highlighting of the words searched for."""

import re

_TITLE = re.compile(r'class="search-result__title"><a [^>]+>(.*?)</a>')


def result_titles_in(html):
    return [re.sub(r"</?mark>", "", title) for title in _TITLE.findall(html)]
