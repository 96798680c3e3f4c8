"""Sign-in of a closing account: called by the allauth adapter's `pre_login`, after the
credentials (password or social login) were accepted, for every way of signing in."""

from __future__ import annotations

from allauth.account.internal.stagekit import clear_login
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
