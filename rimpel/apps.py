from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    # Every app's admin.register() lands on the superusers-only, read-mostly site.
    default_site = "core.admin_site.AdminSite"
