from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from website.two_factor import readable_key


class Command(BaseCommand):
    help = (
        "Enrols an authenticator app (TOTP) for a staff member and prints the key to add to it. "
        "With two-factor sign-in required (production), staff sign in with its six-digit codes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--replace", action="store_true", help="Remove the user's existing devices first."
        )

    def handle(self, *args, username: str, replace: bool = False, **options) -> None:
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
        if not user.is_staff:
            raise CommandError(f"{username} is not a staff member.")
        devices = TOTPDevice.objects.filter(user=user)
        if devices.exists() and not replace:
            raise CommandError(f"{username} has a device already; use --replace to renew it.")
        devices.delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        self.stdout.write(f"Enrolled an authenticator for {username}.")
        self.stdout.write(f"Key (enter it in the app by hand): {readable_key(device)}")
        self.stdout.write(f"Or open this address on the phone: {device.config_url}")
