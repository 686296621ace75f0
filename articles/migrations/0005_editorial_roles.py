"""The two editorial roles. Authors write and edit their own drafts; Editors publish,
schedule and unpublish, and may change everything."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR = {
    "articles": ["add_post", "change_post", "view_post", "view_category", "view_tag",
                 "view_author"],
    "faq": ["add_question", "change_question", "view_question", "view_topic"],
    "pages": ["view_page"],
}
EDITOR = {
    "articles": ["add_post", "change_post", "delete_post", "view_post", "publish_post",
                 "add_category", "change_category", "view_category",
                 "add_tag", "change_tag", "delete_tag", "view_tag",
                 "add_author", "change_author", "view_author"],
    "faq": ["add_question", "change_question", "delete_question", "view_question",
            "add_topic", "change_topic", "view_topic"],
    "pages": ["add_page", "change_page", "view_page"],
    "redirects": ["add_redirect", "change_redirect", "delete_redirect", "view_redirect"],
}


def grant(apps, name, grants):
    """Give the group `name` the permissions {app label: [codename, ...]}; later migrations
    call this for models added since."""
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    for app_label, codenames in grants.items():
        perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.add(*perms)


def create_groups(apps, schema_editor):
    for name, grants in (("Author", AUTHOR), ("Editor", EDITOR)):
        grant(apps, name, grants)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Author", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_editorial_workflow"),
        ("faq", "0002_question_version"),
        ("pages", "0001_initial"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
