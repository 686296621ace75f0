from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from . import checks, indexing  # noqa: F401 - checks register themselves

        indexing.connect_signals()
