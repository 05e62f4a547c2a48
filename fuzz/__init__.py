"""Fuzzing kit for patrolday's three entry points for other people's data.

``generators`` makes inputs (random text, grammar-shaped near-valid text, mutations of the
fixture story); ``oracles`` states the contract each entry point must keep and raises
:class:`~fuzz.oracles.ContractBroken` when it does not. The Hypothesis tests in
``tests/hardening/`` and the long campaign (``python -m fuzz.campaign``) share both, so a
failure found by one is checked the same way by the other.
"""
