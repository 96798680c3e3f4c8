"""The policies and processors every new tenant starts with (its admin edits them in the
tenant admin). Written for the product as shipped: the local AI engine, local files, no
analytics or ads until the tenant turns them on and the visitor consents."""

from __future__ import annotations

DEFAULT_VERSION = "1.0"

PRIVACY_POLICY = """\
## Who we are
{name} runs this job-search workspace on the JobMentis platform and is the controller of the
personal data you give it. Contact us through the [contact form](/contact/) or make a
[privacy request](/privacy/request/).

## What we process and why
- **Your account** (email, password hash, sign-in history): to give you access — contract.
- **Your CVs, applications, interviews and notes**: to provide the service you asked for — contract.
- **AI features** (parsing, scoring, optimising your CV): decision support you review and edit
  — contract. You can restrict AI processing of your CVs at any time in Data & Privacy.
- **Payments**: handled by Stripe; we keep only ids and the plan — contract, legal obligation.
- **Analytics and marketing cookies**: only with your consent, which you can withdraw at any
  time in Cookie settings — consent.

## How long we keep it
Your data is kept while your account exists. Deleting your account erases it after a 30-day
grace period; usage logs are kept 12 months, contact messages 24 months, proof of consent and
of erasure requests as long as the law requires, without your identity.

## Your rights
You can access, export, correct and delete your data, restrict or object to its processing,
and withdraw consent, from Settings → Data & Privacy. You may also complain to your data
protection authority.

## Processors
The services below process personal data on our behalf.
"""

TERMS = """\
## The service
{name} provides tools to manage your job search: CV parsing and optimisation, application
tracking, interview preparation and job listings. AI suggestions are decision support: check
them before you use them.

## Your account
Keep your password safe and your details accurate. You are responsible for what you upload:
only upload documents you are entitled to use.

## Paid plans
Paid plans renew until cancelled; you can cancel at any time from the billing page and keep
access until the end of the period.

## Ending
You can delete your account at any time from Data & Privacy. We may suspend accounts that
break the law or these terms.
"""

COOKIE_POLICY = """\
## Strictly necessary cookies
- **Session and security cookies**: keep you signed in and protect forms (CSRF). No consent needed.
- **Consent cookie**: a random device id that remembers your cookie choices (13 months).

## Analytics (with your consent)
If {name} enables it and you accept analytics, PostHog measures how the product is used. You
are known to it by a random id, never your email.

## Marketing (with your consent)
If {name} enables it and you accept marketing, the Meta Pixel and Conversions API measure
sign-ups and purchases, with your email and name hashed (SHA-256).

You can change or withdraw your choices at any time from **Cookie settings** in the footer or
Settings → Data & Privacy.
"""

PROCESSORS = [
    {
        "name": "Hosting provider",
        "purpose": "Runs the application, database and file storage.",
        "data_categories": "All data held by the service",
        "location": "EU",
        "link": "",
    },
    {
        "name": "Stripe",
        "purpose": "Payments for paid plans.",
        "data_categories": "Email, payment details (held by Stripe only)",
        "location": "EU / USA — EU-US Data Privacy Framework, SCCs",
        "link": "https://stripe.com/privacy",
    },
    {
        "name": "Email delivery provider",
        "purpose": "Sends account and notification emails.",
        "data_categories": "Email address, email content",
        "location": "EU",
        "link": "",
    },
]
