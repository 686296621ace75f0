from django.db import migrations


def render_again(apps, schema_editor):
    """Lists typed straight under a line of text, or numbered "1)", were run into the
    paragraph above them; render stored answers again (knotsite.markup._ListUnderText)."""
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
        ("faq", "0005_answers_with_their_own_anchors"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
