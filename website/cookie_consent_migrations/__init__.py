"""django-cookie-consent's migrations, kept here because we translate its models.

modeltranslation adds Dutch and English columns to CookieGroup and Cookie; those migrations
cannot be written into an installed package, so ``MIGRATION_MODULES`` points the app here.
0001–0004 are copies of the package's own (tests/website/test_consent.py checks that no new
one of the package is missing here); 0005 onwards are ours.
"""
