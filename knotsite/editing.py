"""Optimistic locking: two editors who open the same object and both save must not
overwrite each other silently. Every save swaps a fresh `version` token in with one
compare-and-set UPDATE, so a save made from a stale form is refused."""

import uuid

from django.db import models, transaction

CONFLICT_MESSAGE = (
    "Someone else saved this {what} while you were editing it. Your changes have NOT been "
    "saved, and nothing you typed is lost: it is still in the form below. Copy what you "
    "need, open the {what} again to see their version, and apply your changes to it."
)


class EditConflict(Exception):
    """The object changed in the database after the editor's copy was loaded."""


class VersionedModel(models.Model):
    # A random token rather than a counter: restoring an old revision can never make a
    # stale form match again by accident.
    version = models.UUIDField(default=uuid.uuid4)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or kwargs.get("force_insert"):
            super().save(*args, **kwargs)
            return
        expected, fresh = self.version, uuid.uuid4()
        with transaction.atomic(using=kwargs.get("using")):
            swapped = (
                type(self)._base_manager.filter(pk=self.pk, version=expected).update(version=fresh)
            )
            if not swapped:
                raise EditConflict(f"{self._meta.verbose_name} {self.pk} changed meanwhile")
            self.version = fresh
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
            super().save(*args, **kwargs)

    def conflict_message(self):
        return CONFLICT_MESSAGE.format(what=self._meta.verbose_name)
