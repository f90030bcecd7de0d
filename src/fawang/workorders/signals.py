"""Signals sent after commit, so other contexts (dispatch, analytics) can react to the
spine without the spine importing them."""

from django.dispatch import Signal

order_created = Signal()  # kwargs: order
order_transitioned = Signal()  # kwargs: order, event
