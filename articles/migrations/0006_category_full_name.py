from django.db import migrations, models


def fill_full_names(apps, schema_editor):
    Category = apps.get_model("articles", "Category")
    full_names = {}
    # A parent's path is a prefix of its children's: shorter paths come first.
    for category in sorted(Category.objects.all(), key=lambda c: c.path.count("/")):
        parent = full_names.get(category.parent_id)
        category.full_name = f"{parent} › {category.name}" if parent else category.name
        full_names[category.pk] = category.full_name
        category.save(update_fields=["full_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_editorial_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="full_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_full_names, migrations.RunPython.noop),
    ]
