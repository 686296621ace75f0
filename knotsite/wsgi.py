import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "knotsite.settings")
application = get_wsgi_application()

# The English word list FAQ search checks typos against, loaded once before gunicorn forks
# its workers (preload_app): else each worker's first search with a typo waits for it.
from search.english import english_words  # noqa: E402

english_words()
