"""The warning signs the site's own articles and notices name, findable by search: back pain
with shortness of breath, pain spreading to the arm or jaw, numbness around the bottom or in
both legs, difficulty peeing (999), and with a fever, weight lost without trying or after a
fall (the same day), as the NHS back pain page sorts them. A notice staff have edited since
it shipped is theirs and left as it is."""

import importlib

from django.db import migrations, models

STARTERS = importlib.import_module("search.migrations.0007_starter_safety_notices")
EMERGENCY = STARTERS.STARTER[0]

EMERGENCY_TERMS = (
    EMERGENCY["terms"] + ", short breath, breathless, pain spreading arm, pain spreading jaw, "
    "pain radiating arm, pain radiating jaw, numb bottom, numb bum, numb buttocks, "
    "numb genitals, tingling genitals, tingling buttocks, saddle numb, both legs numb, "
    "both legs weak, both legs tingling, both legs pins needles, pain both legs, "
    "difficulty peeing, can't pee, cant pee, cannot pee, car accident, serious accident"
)
EMERGENCY_MESSAGE = (
    "Call [999](tel:999) or go to A&E now for chest pain, difficulty breathing or shortness "
    "of breath, pain spreading to your arm or jaw, signs of a stroke (a drooping face, a weak "
    "arm, slurred speech), heavy bleeding, a seizure, or a severe allergic reaction; for back "
    "pain with numbness or tingling around your bottom or genitals, pain, tingling, weakness "
    "or numbness in both legs, or difficulty peeing, or after a serious accident; or if "
    "someone has collapsed, is unconscious or has taken an overdose or poison. Do not wait "
    "for an answer here.\n\n"
    "Not sure it is an emergency? Call [111](tel:111) for advice, day or night."
)
SAME_DAY = {
    "level": "urgent",
    "heading": "Back pain with a fever, weight loss or after a fall: get help today",
    "terms": "fever, feverish, high temperature, lost weight without trying, "
    "losing weight without trying, weight loss without trying, unexplained weight loss, "
    "lump in back, swelling in back, had a fall, after a fall, fell over, fell down, "
    "worse at night",
    "message": "Ask your GP surgery for an urgent appointment, or call [111](tel:111), the "
    "same day if you have back pain and a high temperature, you have lost weight without "
    "trying, there is a lump or swelling in your back, the pain started after a fall, or it "
    "does not ease with rest and is much worse at night.\n\n"
    "Call [999](tel:999) or go to A&E if it comes with chest pain, numbness around your "
    "bottom or genitals, difficulty peeing, or weakness or numbness in both legs.",
}


def _reword_emergency(apps, before, after):
    """The shipped emergency notice's (terms, message) from `before` to `after`, unless
    staff have edited it since."""
    from search.models import SafetyNotice as CurrentSafetyNotice

    (terms, message), (new_terms, new_message) = before, after
    apps.get_model("search", "SafetyNotice").objects.filter(
        heading=EMERGENCY["heading"], terms=terms, message=message
    ).update(
        terms=new_terms,
        message=new_message,
        message_html=CurrentSafetyNotice.render_message(new_message),
    )


SHIPPED = (EMERGENCY["terms"], EMERGENCY["message"])
REWORDED = (EMERGENCY_TERMS, EMERGENCY_MESSAGE)


def add(apps, schema_editor):
    _reword_emergency(apps, SHIPPED, REWORDED)
    STARTERS.add_notices(apps, [SAME_DAY])


def remove(apps, schema_editor):
    STARTERS.remove_notices(apps, [SAME_DAY])
    _reword_emergency(apps, REWORDED, SHIPPED)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_more_starter_synonyms")]

    operations = [
        migrations.AlterField(
            model_name="safetynotice",
            name="terms",
            field=models.CharField(
                help_text="Words or phrases, one per line or comma-separated. The notice is "
                "shown when a search holds every word of one of them, in any order and form "
                "(“chest pains” for “chest pain”), or, for a word the site never uses, a "
                "close misspelling. List everyday forms too: “can't breathe, cant breathe”.",
                max_length=1000,
            ),
        ),
        migrations.RunPython(add, remove),
    ]
