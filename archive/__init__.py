"""Archive bundles: programmes with their documents, out of and into the archive.

The format is described in docs/ARCHIVE_FORMAT.md and, for machines, in
schema/archive-bundle-v1.schema.json. ``exporter`` writes bundles; ``importer`` validates a
bundle completely before it changes anything, then imports it in one transaction.
"""
