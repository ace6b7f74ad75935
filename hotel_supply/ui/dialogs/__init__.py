"""Dialogs: each builds a form, validates through a pure service function, and calls one
service write on accept."""
