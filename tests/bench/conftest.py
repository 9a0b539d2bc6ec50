from __future__ import annotations

import pytest

# Three stories in the Reuters-21578 SGML layout: one full, one headline-only (skipped),
# one without a title.
SAMPLE = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, said Smith &amp; Co &lt;SMTH>.
    Arrivals were 155,221 bags.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5545" NEWID="2">
<DATE> 2-MAR-1987 08:00:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>HEADLINE ONLY</TITLE>
&#3;</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5546" NEWID="3">
<DATE> 2-MAR-1987 08:01:00.00</DATE>
<TEXT>&#2;
<BODY>No title here, prices rose 5 pct.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


@pytest.fixture
def reuters_sample() -> str:
    return SAMPLE
