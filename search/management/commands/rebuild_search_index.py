from django.core.management.base import BaseCommand
from django.db import transaction

from search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from the stored posts and FAQ questions."

    @transaction.atomic
    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents."))
