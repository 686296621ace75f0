"""Fields stored from others (HTML from Markdown, word counts), computed again for every row
when the way they are computed changes: the data migrations that follow such a change."""

BATCH_SIZE = 500


def compute_again(queryset, fields, compute):
    """compute(row) sets `fields` on each row of `queryset` (a migration's historical
    model, so only its stored fields); rows are written back in batches, with no save()
    signals and no new version, as nobody edited them."""
    model, batch = queryset.model, []
    for row in queryset.iterator(chunk_size=BATCH_SIZE):
        compute(row)
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            model.objects.bulk_update(batch, fields)
            batch = []
    model.objects.bulk_update(batch, fields)
