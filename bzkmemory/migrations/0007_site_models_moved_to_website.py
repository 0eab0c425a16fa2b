"""SiteSettings, SitePage and AuditEvent now belong to the website app, which took over their
tables (website/migrations/0001): only Django's idea of which app holds them changes here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('bzkmemory', '0006_audit_log'),
        ('website', '0001_moved_from_bzkmemory'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(model_name='auditevent', name='user'),
            migrations.DeleteModel(name='SitePage'),
            migrations.RemoveConstraint(
                model_name='sitesettings', name='site_settings_is_a_single_row'
            ),
            migrations.DeleteModel(name='SiteSettings'),
            migrations.DeleteModel(name='AuditEvent'),
        ]),
    ]
