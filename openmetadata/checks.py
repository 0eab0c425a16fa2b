"""Settings the open metadata cannot do without, checked when the site starts."""

import re

from django.conf import settings
from django.core.checks import Error, Tags, register

# oai-identifier.xsd: a repository identifier is a domain name.
DOMAIN_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")


@register()
def repository_identifier_is_a_domain_name(app_configs, **kwargs) -> list[Error]:
    if DOMAIN_NAME.match(settings.OAI_REPOSITORY_IDENTIFIER):
        return []
    return [
        Error(
            f"OAI_REPOSITORY_IDENTIFIER must be a domain name such as geheugenvanbzk.nl, "
            f"not {settings.OAI_REPOSITORY_IDENTIFIER!r}.",
            id="openmetadata.E001",
        )
    ]


@register(Tags.security, deploy=True)
def harvesters_have_a_real_contact(app_configs, **kwargs) -> list[Error]:
    emails = settings.OAI_ADMIN_EMAILS
    placeholder = (".invalid", "@localhost")
    if emails and not any(email.endswith(placeholder) or "@" not in email for email in emails):
        return []
    return [
        Error(
            "Set OAI_ADMIN_EMAILS to the address(es) OAI-PMH harvesters can write to.",
            id="openmetadata.E002",
        )
    ]
