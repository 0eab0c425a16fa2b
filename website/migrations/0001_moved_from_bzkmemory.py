"""The site's own texts and the audit log, moved from the project package (bzkmemory) with their
tables, content types and history."""


import django.db.models.deletion
import website.richtext
from django.conf import settings
from django.db import migrations, models

from website.moved_models import follow_moved_models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # Every app as it was before these models moved, so that a new database has run
        # all the older migrations (which use the old app labels) first.
        ("bzkmemory", "0006_audit_log"),
        ("programmes", "0008_archive_revision"),
        ("toolbox", "0002_page_count"),
        ("exhibitions", "0004_archivist_permissions"),
        ("openmetadata", "0002_exhibitions_set"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='SitePage',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(choices=[('about', 'About The memory of BZK'), ('privacy', 'Privacy and cookies'), ('accessibility', 'Accessibility statement')], max_length=30, unique=True, verbose_name='page')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('title_nl', models.CharField(max_length=200, null=True, verbose_name='title')),
                    ('title_en', models.CharField(max_length=200, null=True, verbose_name='title')),
                    ('body', website.richtext.RichTextField(verbose_name='text')),
                    ('body_nl', website.richtext.RichTextField(null=True, verbose_name='text')),
                    ('body_en', website.richtext.RichTextField(null=True, verbose_name='text')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ],
                options={
                    'db_table': 'bzkmemory_sitepage',
                    'verbose_name': 'site page',
                    'verbose_name_plural': 'site pages',
                    'ordering': ['key'],
                },
            ),
            migrations.CreateModel(
                name='AuditEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='when')),
                    ('username', models.CharField(blank=True, max_length=150, verbose_name='user name')),
                    ('action', models.CharField(choices=[('created', 'created'), ('changed', 'changed'), ('deleted', 'deleted'), ('published', 'published'), ('unpublished', 'unpublished'), ('withdrawn', 'withdrawn'), ('restored', 'restored an earlier version'), ('imported', 'imported an archive bundle'), ('exported', 'exported an archive bundle'), ('logged_in', 'signed in'), ('logged_out', 'signed out'), ('login_failed', 'sign-in failed'), ('locked_out', 'locked out after failed sign-ins')], db_index=True, max_length=20, verbose_name='action')),
                    ('object_type', models.CharField(blank=True, max_length=100, verbose_name='kind of object')),
                    ('object_id', models.CharField(blank=True, max_length=100, verbose_name='object id')),
                    ('object_repr', models.CharField(blank=True, max_length=200, verbose_name='object')),
                    ('detail', models.TextField(blank=True, verbose_name='detail')),
                    ('ip_address', models.CharField(blank=True, max_length=45, verbose_name='IP address (anonymised)')),
                    ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ],
                options={
                    'db_table': 'bzkmemory_auditevent',
                    'verbose_name': 'audit event',
                    'verbose_name_plural': 'audit log',
                    'ordering': ['-at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='SiteSettings',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('introduction', website.richtext.RichTextField(blank=True, help_text='What Het geheugen van BZK offers; shown on the home page and above every programme.', verbose_name='site introduction')),
                    ('introduction_nl', website.richtext.RichTextField(blank=True, help_text='What Het geheugen van BZK offers; shown on the home page and above every programme.', null=True, verbose_name='site introduction')),
                    ('introduction_en', website.richtext.RichTextField(blank=True, help_text='What Het geheugen van BZK offers; shown on the home page and above every programme.', null=True, verbose_name='site introduction')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ],
                options={
                    'db_table': 'bzkmemory_sitesettings',
                    'verbose_name': 'site settings',
                    'verbose_name_plural': 'site settings',
                    'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='site_settings_is_a_single_row')],
                },
            ),
        ]),
        migrations.AlterModelTable(name='sitepage', table=None),
        migrations.AlterModelTable(name='auditevent', table=None),
        migrations.AlterModelTable(name='sitesettings', table=None),
        follow_moved_models("bzkmemory", "website", ["sitepage", "auditevent", "sitesettings"]),
    ]
