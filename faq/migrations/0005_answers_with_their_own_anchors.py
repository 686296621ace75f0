from django.db import migrations


def rerender_answers(apps, schema_editor):
    """Stored answers were rendered with ids that other answers and articles on the same
    page also used; render them again with their own anchors (Question.render_answer)."""
    from faq.models import Question as CurrentQuestion
    from knotsite.stored import compute_again

    def render(question):
        question.answer_html = CurrentQuestion.render_answer(question.answer, question.slug)

    Question = apps.get_model("faq", "Question")
    compute_again(Question.objects.only("pk", "slug", "answer"), ["answer_html"], render)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0004_markdown_that_renders"),
    ]

    operations = [
        migrations.RunPython(rerender_answers, migrations.RunPython.noop),
    ]
