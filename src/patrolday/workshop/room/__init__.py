"""The workshop room: participants vote from their own phones, anonymously, onto the projector.

:mod:`.state` is the room itself (the decision on offer, one vote per device, closing,
the tally) with no server and no screen, so its rules are tested directly;
:mod:`.limits` holds the rate limits it and the server share; :mod:`.web` is the aiohttp
application the phones talk to; :mod:`.strings` holds every word of the phone page, in one
place for translation; :mod:`.qr` draws the join address as a QR code for the projector.
"""
