from django.contrib import admin

from knotsite.admin_safety import SaveFailureSafeAdmin

from .models import Synonym


@admin.register(Synonym)
class SynonymAdmin(SaveFailureSafeAdmin):
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]
