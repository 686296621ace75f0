from django.db import migrations, models


def keep_answer_text(apps, schema_editor):
    """The plain text of each stored answer, as JSON-LD shows it, was read out of its HTML
    on every request; keep it beside the HTML, as a save now does."""
    from knotsite.seo import answer_text
    from knotsite.stored import compute_again

    def keep(question):
        question.answer_text = answer_text(question.answer_html)

    Question = apps.get_model("faq", "Question")
    compute_again(Question.objects.only("pk", "answer_html"), ["answer_text"], keep)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0006_lists_where_editors_start_them"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="answer_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(keep_answer_text, migrations.RunPython.noop),
    ]
