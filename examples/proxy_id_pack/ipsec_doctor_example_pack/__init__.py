"""Example ipsec-doctor rule pack: one signature module per id, its cases under ``cases/``.

Load it with ``ipsec-doctor ... --rules-dir examples/proxy_id_pack/ipsec_doctor_example_pack``
or install it (``pip install examples/proxy_id_pack``): the ``ipsec_doctor.rules`` entry
point in ``pyproject.toml`` names this package. Walk-through: ``docs/writing-a-signature.md``.
"""
