"""Notices a health site needs from its first day (UK services; staff edit them in the admin
under Search › Safety notices, for another country's numbers)."""

from django.db import migrations

STARTER = [
    {
        "level": "emergency",
        "heading": "If this is an emergency, call 999 now",
        "terms": "chest pain, chest tightness, heart attack, can't breathe, cant breathe, "
        "cannot breathe, struggling to breathe, difficulty breathing, stroke, face drooping, "
        "slurred speech, collapsed, unconscious, seizure, heavy bleeding, bleeding heavily, "
        "overdose, poisoning, poisoned, choking, anaphylaxis, severe allergic reaction, "
        "cauda equina, loss of bladder control, loss of bowel control",
        "message": "Call [999](tel:999) or go to A&E now for chest pain, difficulty "
        "breathing, signs of a stroke (a drooping face, a weak arm, slurred speech), heavy "
        "bleeding, a seizure, a severe allergic reaction, numbness around the bottom or "
        "genitals with back pain, or if someone has collapsed, is unconscious or has taken "
        "an overdose or poison. Do not wait for an answer here.\n\n"
        "Not sure it is an emergency? Call [111](tel:111) for advice, day or night.",
    },
    {
        "level": "urgent",
        "heading": "If you are thinking about suicide or self-harm, help is here now",
        "terms": "suicide, suicidal, kill myself, killing myself, end my life, "
        "ending my life, want to die, self harm, harm myself, harming myself, "
        "cutting myself, no reason to live",
        "message": "You do not have to face this alone. Call Samaritans free on "
        "[116 123](tel:116123), day or night, or text SHOUT to 85258. You can also call "
        "[111](tel:111) and choose the mental health option.\n\n"
        "If you have hurt yourself, or feel you might act on your thoughts now, call "
        "[999](tel:999) or go to A&E.",
    },
]


def add_notices(apps, notices):
    """Add the notices not there yet (by heading); later migrations add more this way."""
    from search.models import SafetyNotice as CurrentSafetyNotice

    SafetyNotice = apps.get_model("search", "SafetyNotice")
    for notice in notices:
        SafetyNotice.objects.get_or_create(
            heading=notice["heading"],
            defaults={**notice, "message_html": CurrentSafetyNotice.render_message(notice["message"])},
        )


def remove_notices(apps, notices):
    headings = [notice["heading"] for notice in notices]
    apps.get_model("search", "SafetyNotice").objects.filter(heading__in=headings).delete()


def add(apps, schema_editor):
    add_notices(apps, STARTER)


def remove(apps, schema_editor):
    remove_notices(apps, STARTER)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_safety_notices")]

    operations = [migrations.RunPython(add, remove)]
