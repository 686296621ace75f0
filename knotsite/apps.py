from axes import apps as axes_apps
from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django_otp.plugins.otp_static import apps as otp_static_apps
from django_otp.plugins.otp_totp import apps as otp_totp_apps


def sync_site_domain(using="default", **kwargs):
    """Keep Site #1 (used by feeds, sitemaps, redirects and "view on site") on the domain the
    environment names, instead of Django's placeholder example.com."""
    from django.contrib.sites.models import Site
    from django.db import connections

    if Site._meta.db_table not in connections[using].introspection.table_names():
        return  # the sites app was just migrated to zero
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME},
    )


class KnotsiteConfig(AppConfig):
    name = "knotsite"

    def ready(self):
        # After the sites app's own handler has created the placeholder site.
        from django.apps import apps

        post_migrate.connect(sync_site_domain, sender=apps.get_app_config("sites"))

        from . import checks  # noqa: F401 - checks register themselves
        from .pagecache import connect_invalidation

        connect_invalidation()


class KnotsiteAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, serving knotsite.admin_site.KnotsiteAdminSite as admin.site."""

    default = False  # "knotsite" itself stays KnotsiteConfig
    default_site = "knotsite.admin_site.KnotsiteAdminSite"


# The sign-in apps, named in the admin's list in words staff know rather than by their
# labels ("Otp_Totp", "Otp_Static", "Axes").
class AuthenticatorAppsConfig(otp_totp_apps.DefaultConfig):
    default = False
    verbose_name = "Two-step sign-in: authenticator apps"


class BackupCodesConfig(otp_static_apps.DefaultConfig):
    default = False
    verbose_name = "Two-step sign-in: backup codes"


class SignInLockoutsConfig(axes_apps.AppConfig):
    default = False
    verbose_name = "Sign-in lockouts"
