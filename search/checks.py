"""Deploy-time checks of the search's content: run by `migrate` and `check --database`."""

import re

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

# The numbers people call in an emergency in most of the English-speaking world (not 111:
# New Zealand's, but NHS advice in the UK): a notice naming one of them, but not the site's,
# sends a reader in an emergency to a number that does not answer there.
EMERGENCY_NUMBERS = ("999", "911", "112", "000")


@register(Tags.database)
def notices_name_the_sites_emergency_number(app_configs, databases=None, **kwargs):
    if not databases:
        return []
    from .models import SafetyNotice

    number = settings.EMERGENCY_NUMBER
    try:
        notices = list(SafetyNotice.objects.only("heading", "message"))
    except DatabaseError:  # not migrated yet: `migrate` checks before it migrates
        return []
    warnings = []
    for notice in notices:
        text = f"{notice.heading}\n{notice.message}"
        named = {n for n in EMERGENCY_NUMBERS if re.search(rf"(?<![\d,.]){n}(?!\d)", text)}
        if named and number not in named:
            warnings.append(
                Warning(
                    f"This safety notice tells readers to call {', '.join(sorted(named))}, "
                    f"but this site's emergency number (KNOTSITE_EMERGENCY_NUMBER) is {number}.",
                    hint="Reword it under Search › Safety notices in the admin, for the "
                    "services of the country the site serves.",
                    obj=notice,
                    id="search.W001",
                )
            )
    return warnings
