from itertools import groupby

from django.shortcuts import render
from django.views.decorators.http import require_safe

from knotsite import seo
from search.engine import search_site
from search.query import MAX_QUERY_LENGTH, clean_query

from .models import Question


@require_safe
def index(request):
    query = clean_query(request.GET.get("q"))
    context = {"query": query, "max_query_length": MAX_QUERY_LENGTH}
    if query:
        context["results"] = search_site(query)
    else:
        questions = list(Question.objects.published())
        context["topics"] = [
            (topic, list(items)) for topic, items in groupby(questions, key=lambda q: q.topic)
        ]
        context["ld_json"] = seo.ld_json(
            {"@context": "https://schema.org", **seo.faq_page(questions)}
        )
    return render(request, "faq/index.html", context)
