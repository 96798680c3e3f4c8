"""Sign-in of a closing account: the last allauth login stage, reached only after every
other stage passed (password or social login, email verification, and the second factor for
accounts with MFA), for every way of signing in. Offering "Keep my account" any earlier would
let a stolen password alone cancel an erasure."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.stagekit import clear_login
from allauth.account.stages import LoginStage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.models import User
from privacy.selectors import erasure_hold_for

# Lets the signed-out "account closing" page offer the cancel button to this user only.
PENDING_SESSION_KEY = "privacy_pending_user_id"


def closing_account_response(request: HttpRequest, user: User) -> HttpResponse | None:
    """Refuse the sign-in of a user whose erasure is pending, and send them to the page that
    says when the account will be erased and lets them keep it. None: sign-in proceeds."""
    if erasure_hold_for(user_id=user.pk) is None:
        return None
    clear_login(request)
    request.session[PENDING_SESSION_KEY] = user.pk
    return redirect("privacy:account_closing")


class ClosingAccountStage(LoginStage):
    """Listed last by the account adapter's `get_login_stages`."""

    key = "privacy_closing_account"

    def handle(self) -> tuple[HttpResponse | None, bool]:
        user: Any = self.login.user
        if user is None or erasure_hold_for(user_id=user.pk) is None:
            return None, True
        # Not continuing: allauth clears the pending login and returns this response.
        response = closing_account_response(self.request, user)
        return response, False
