from django.db import migrations


def rerender_answers(apps, schema_editor):
    """Stored answers were rendered with ids that other answers and articles on the same
    page also used; render them again with their own anchors (Question.render_answer)."""
    from faq.models import Question as CurrentQuestion

    Question = apps.get_model("faq", "Question")
    batch = []
    for question in Question.objects.only("pk", "slug", "answer").iterator(chunk_size=500):
        question.answer_html = CurrentQuestion.render_answer(question.answer, question.slug)
        batch.append(question)
        if len(batch) == 500:
            Question.objects.bulk_update(batch, ["answer_html"])
            batch = []
    Question.objects.bulk_update(batch, ["answer_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0004_markdown_that_renders"),
    ]

    operations = [
        migrations.RunPython(rerender_answers, migrations.RunPython.noop),
    ]
