"""Email domains compared in one form, whoever wrote them: IDNA's ASCII (bücher.de is
xn--bcher-kva.de), in lower case. REGISTRATION_EMAIL_DOMAINS and every address meet here.
Plain Python."""

from email_validator import EmailNotValidError, validate_email


def ascii_domain(domain: str) -> str:
    """`domain` as IDNA's ASCII in lower case; ValueError when it is no domain of an address."""
    if not domain.strip() or "@" in domain:
        raise ValueError(f"{domain!r} is not a domain")
    try:
        checked = validate_email(f"postmaster@{domain.strip()}", check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None
    return str(checked.ascii_domain).lower()


def domain_of(address: str) -> str:
    """The domain of a valid address, in the form ascii_domain gives."""
    return ascii_domain(address.rpartition("@")[2])
