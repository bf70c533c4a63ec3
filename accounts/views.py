import hashlib

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from accounts.forms import PasswordResetForm
from core.ratelimit import client_address, hit, refund

# Failed logins allowed per window: for one user name from one address, and for all names from one address.
LOGIN_ATTEMPTS_PER_USER = 5
LOGIN_ATTEMPTS = 10
LOGIN_WINDOW_SECONDS = 15 * 60
# Reset mails per address, and reset requests per client address, in an hour.
RESETS_PER_EMAIL = 3
RESETS_PER_CLIENT = 10
RESET_WINDOW_SECONDS = 60 * 60


class LoginView(auth_views.LoginView):
    """Django's login, with failed attempts limited to slow down password guessing.

    Counted per user name and address (5), and per address over all names (10), in 15 minutes. Not per user
    name alone, or anyone could lock a coordinator out by typing wrong passwords for them.
    """

    template_name = "accounts/login.html"

    def _key(self) -> str:
        return f"login-failures:{client_address(self.request)}"

    def _user_key(self) -> str:
        username = self.request.POST.get("username", "").strip().casefold()
        digest = hashlib.sha256(username.encode()).hexdigest()[:32]
        return f"login-failures:{client_address(self.request)}:{digest}"

    def post(self, request, *args, **kwargs):
        # Counted before the password is checked, so requests at once through several workers cannot all be
        # checked; a login that succeeds gives its attempt back, so only wrong passwords use up the limit.
        if not hit(self._key(), LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS) or not hit(
            self._user_key(), LOGIN_ATTEMPTS_PER_USER, LOGIN_WINDOW_SECONDS
        ):
            # Not even checked: an unbound form keeps the typed user name without trying the password.
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            return self.render_to_response(self.get_context_data(form=form, rate_limited=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        refund(self._key(), LOGIN_WINDOW_SECONDS)
        refund(self._user_key(), LOGIN_WINDOW_SECONDS)
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail. Every request gets the same answer, whether or not the address has an account;
    over the limit per address or per client nothing is sent, and the answer is still the same."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().casefold()
        email_key = f"password-resets:{hashlib.sha256(email.encode()).hexdigest()[:32]}"
        client_key = f"password-resets:{client_address(self.request)}"
        if not hit(email_key, RESETS_PER_EMAIL, RESET_WINDOW_SECONDS) or not hit(
            client_key, RESETS_PER_CLIENT, RESET_WINDOW_SECONDS
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
