"""Importers (Meeting Guide, HSDS): see issue 6."""

from __future__ import annotations

import argparse


def run_import(args: argparse.Namespace) -> int:
    raise NotImplementedError
