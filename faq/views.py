from itertools import groupby

from django.shortcuts import render
from django.views.decorators.http import require_safe

from knotsite import seo

from .models import Question
from .search import clean_query, search_questions


@require_safe
def index(request):
    query = clean_query(request.GET.get("q"))
    context = {"query": query}
    if query:
        context["results"] = search_questions(query)
    else:
        questions = list(Question.objects.published())
        context["topics"] = [
            (topic, list(items)) for topic, items in groupby(questions, key=lambda q: q.topic)
        ]
        context["ld_json"] = seo.ld_json(
            {"@context": "https://schema.org", **seo.faq_page(questions)}
        )
    return render(request, "faq/index.html", context)
