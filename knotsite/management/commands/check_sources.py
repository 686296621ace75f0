"""Ask every site the articles, answers and pages link to for the page cited, once each, and
name those that no longer lead anywhere with the texts citing them: a source moved or
withdrawn leaves readers of a health article with nothing behind its evidence. For a
scheduled job (weekly, say): it ends with status 1 when there is something to mend."""

import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand
from django.utils.encoding import iri_to_uri

from knotsite.links import admin_address, links_elsewhere, stored_texts

# Sites that refuse requests without a browser's name answer 403 to a bare script.
USER_AGENT = "Mozilla/5.0 (compatible; Knotsite source check)"
# A page for members only, or behind a guard against scripts, or asked for too often: it is
# there for a reader, so it is not named as leading nowhere.
THERE_BUT_REFUSED = {401, 403, 429}


def as_asked(address):
    """`address` with a path in the reader's own letters ("/wiki/Rückenschmerzen")
    percent-encoded, as requests are made in ASCII (a site's name urllib encodes itself)."""
    parts = urllib.parse.urlsplit(address)
    return parts._replace(path=iri_to_uri(parts.path), query=iri_to_uri(parts.query)).geturl()


def answer(address, timeout):
    """None when `address` leads to a page, else what it gave instead: a status, or "no
    answer" and why. Asked with HEAD, and again with GET where HEAD is not served."""
    asked = as_asked(address)
    for method in ("HEAD", "GET"):
        # Only http(s) addresses come here (links_elsewhere): no file: or other schemes.
        request = urllib.request.Request(asked, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310
                return None
        except urllib.error.HTTPError as refused:
            if method == "HEAD" and refused.code in (403, 405, 501):
                continue
            if refused.code in THERE_BUT_REFUSED:
                return None
            return str(refused.code)
        except (urllib.error.URLError, OSError, ValueError) as failed:
            reason = getattr(failed, "reason", failed)
            return f"no answer ({reason})"
    return None


class Command(BaseCommand):
    help = "Name the sources cited (links to other sites) that no longer lead anywhere."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=15, help="Seconds to wait.")
        parser.add_argument("--at-once", type=int, default=8, help="Requests at once.")

    def handle(self, *args, timeout, at_once, **options):
        citing = defaultdict(list)  # address -> the texts linking to it
        for _, text, html in stored_texts():
            for address in links_elsewhere(html):
                citing[address].append(text)
        with ThreadPoolExecutor(at_once) as pool:
            answers = dict(
                zip(citing, pool.map(lambda address: answer(address, timeout), citing), strict=True)
            )
        broken = {address: got for address, got in answers.items() if got}
        for address, got in broken.items():
            self.stdout.write(f"{address}: {got}")
            for text in citing[address]:
                kind = text._meta.verbose_name.capitalize()
                self.stdout.write(f"  cited by {kind} “{text}”: mend it at {admin_address(text)}")
        if broken:
            self.stdout.write(f"{len(broken)} of {len(citing)} addresses cited lead nowhere.")
            if all(got and got.startswith("no answer") for got in answers.values()):
                self.stdout.write("No site answered at all: can this machine reach the web?")
            sys.exit(1)
        self.stdout.write(f"Every address cited answers ({len(citing)}).")
