from itertools import groupby

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from knotsite import seo
from knotsite.moves import words_of_address
from knotsite.pagecache import session_user
from search.engine import notices_about, search_path, search_site
from search.models import UnansweredSearch
from search.query import MAX_QUERY_LENGTH, clean_query

from .models import Question, Topic


@require_safe
def index(request):
    query = clean_query(request.GET.get("q"))
    context = {"query": query, "max_query_length": MAX_QUERY_LENGTH}
    if query:
        context["results"] = search_site(query)
        # Printed at the page's foot, to find it again from paper: the results, not /faq/.
        context["printed_url"] = seo.absolute_url(request, search_path(query))
        if is_readers_own_search(request):
            UnansweredSearch.objects.note(query, context["results"])
    else:
        questions = list(Question.objects.published().as_shown().with_live_article())
        context["topics"] = [
            (topic, list(items)) for topic, items in groupby(questions, key=lambda q: q.topic)
        ]
        # Search engines ask for one marked-up copy of each question on a site: a live
        # article marks up its own questions (seo.article_graph), /faq/ every other one.
        if marked_up := [q for q in questions if not q.live_article]:
            context["ld_json"] = seo.ld_json(
                {"@context": "https://schema.org", **seo.faq_page(marked_up)}
            )
    return render(request, "faq/index.html", context)


def is_readers_own_search(request):
    """A search a reader settled on: not results fetched as they typed ("wryn" on the way
    to "wryneck": static/js/faq-search.js asks again, without `live`, once they stop), nor
    staff trying one again (from the list of them)."""
    if request.GET.get("live"):
        return False
    user = session_user(request)
    return not (user and user.is_staff)


@require_safe
def topic_detail(request, slug):
    try:
        topic = Topic.objects.get(slug=slug)
    except Topic.DoesNotExist:
        words = words_of_address(slug)
        shown = Topic.objects.shown()
        context = {
            "suggestions": shown.named_like(slug) or shown.named_with(words),
            "suggesting": "FAQ topic",
            "address_words": words,
            "notices": notices_about(words),
        }
        return render(request, "404.html", context, status=404)
    questions = list(
        Question.objects.published().as_shown().with_live_article().filter(topic=topic)
    )
    if not questions:
        raise Http404("This topic has no published questions.")
    crumbs = [
        ("Home", reverse("articles:home")),
        ("Frequently asked questions", reverse("faq:index")),
        (topic.name, topic.get_absolute_url()),
    ]
    context = {
        "topic": topic,
        "questions": questions,
        "crumbs": crumbs,
        # No FAQPage here: search engines ask for one marked-up copy of each question on a
        # site, and /faq/ or the question's article carries it.
        "ld_json": seo.ld_json(seo.breadcrumb_list(request, crumbs)),
    }
    return render(request, "faq/topic_detail.html", context)
