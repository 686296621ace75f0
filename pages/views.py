from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Page


@require_safe
def detail(request, slug):
    page = get_object_or_404(Page, slug=slug)
    return render(request, "pages/detail.html", {"page": page})
