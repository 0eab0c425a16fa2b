from openmetadata.checks import (
    harvesters_have_a_real_contact,
    repository_identifier_is_a_domain_name,
)


def test_the_repository_identifier_must_be_a_domain_name(settings):
    settings.OAI_REPOSITORY_IDENTIFIER = "geheugenvanbzk.nl"
    assert repository_identifier_is_a_domain_name(None) == []
    for wrong in ("localhost", "http://geheugenvanbzk.nl", "geheugen van bzk.nl", ""):
        settings.OAI_REPOSITORY_IDENTIFIER = wrong
        assert [e.id for e in repository_identifier_is_a_domain_name(None)] == ["openmetadata.E001"]


def test_a_deployment_needs_a_real_contact_for_harvesters(settings):
    settings.OAI_ADMIN_EMAILS = ["archief@example.org"]
    assert harvesters_have_a_real_contact(None) == []
    for wrong in ([], ["webmaster@localhost"], ["webmaster@example.invalid"], ["geen adres"]):
        settings.OAI_ADMIN_EMAILS = wrong
        assert [e.id for e in harvesters_have_a_real_contact(None)] == ["openmetadata.E002"]
