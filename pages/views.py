from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Page


@require_safe
def detail(request, slug):
    try:
        page = Page.objects.get(slug=slug)
    except Page.DoesNotExist:
        return page_not_found(request, slug)
    return render(request, "pages/detail.html", {"page": page})


def page_not_found(request, slug):
    """A 404 that offers the pages of the site named like the address ("contact-us")."""
    context = {"suggestions": Page.objects.named_like(slug), "suggesting": "page"}
    return render(request, "404.html", context, status=404)
