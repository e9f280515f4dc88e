from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kmb.privacy.models import ErasureGround

_REQUEST_GROUNDS = [(k, v) for k, v in ErasureGround.choices if k != ErasureGround.RETENTION]


class ErasureForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground for the erasure"), choices=_REQUEST_GROUNDS,
                               widget=forms.RadioSelect)
    requested_on = forms.DateField(label=_("The client asked on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("Why the law allows the erasure; no personal data."))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PostponeForm(forms.Form):
    until = forms.DateField(label=_("Postpone until"),
                            widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))
