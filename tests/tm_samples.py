"""TMX files as other tools write them (header and language tags vary), for the TM tests."""

from __future__ import annotations

OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0" segtype="sentence" srclang="ZH"/>
  <body>
    <tu>
      <prop type="prev">国内生产总值超过126万亿元，增长5.2%。</prop>
      <prop type="next">城镇新增就业1244万人。</prop>
      <tuv lang="ZH">
        <seg>粮食产量1.39万亿斤。</seg>
      </tuv>
      <tuv lang="EN-US" changeid="translator" changedate="20240306T101500Z">
        <seg>Grain output reached 1.39 trillion <bpt i="1">&lt;b&gt;</bpt>jin<ept i="1">&lt;/b&gt;</ept>.</seg>
      </tuv>
    </tu>
    <tu>
      <tuv lang="ZH"><seg>居民消费价格上涨0.2%。</seg></tuv>
      <tuv lang="EN-US"><seg>Consumer prices rose by 0.2 percent.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

TRADOS = """<?xml version="1.0" encoding="utf-16"?>
<tmx version="1.4">
<header creationtool="SDL Language Platform" creationtoolversion="8.1" o-tmf="SDL TM8 Format"
 datatype="xml" segtype="sentence" adminlang="en-US" srclang="zh-CN" creationdate="20240101T000000Z">
<prop type="x-Recognizers">RecognizeAll</prop>
</header>
<body>
<tu creationdate="20240305T091200Z" creationid="OFFICE\\liwei" changedate="20240305T091500Z" changeid="OFFICE\\liwei">
<prop type="x-LastUsedBy">OFFICE\\liwei</prop>
<tuv xml:lang="zh-CN"><seg>加快发展新质生产力。</seg></tuv>
<tuv xml:lang="en-US"><seg>We will accelerate the development of new quality productive forces.</seg></tuv>
</tu>
<tu creationdate="20240305T091200Z" creationid="OFFICE\\liwei">
<tuv xml:lang="zh-CN"><seg>实现营业收入8500万元。</seg></tuv>
<tuv xml:lang="en-US"><seg>Revenue reached 85 million yuan.</seg></tuv>
</tu>
</body>
</tmx>
"""

MEMOQ = """<?xml version="1.0" encoding="utf-8"?>
<tmx version="1.4">
  <header creationtool="memoQ" creationtoolversion="10.0.18" segtype="sentence"
          o-tmf="memoQTM" adminlang="en-us" srclang="zh-hans" datatype="unknown">
    <prop type="x-memoq:name">Reports</prop>
  </header>
  <body>
    <tu changedate="20230310T120000Z" creationid="reviewer" creationdate="20230310T120000Z">
      <prop type="x-context-pre">上一句。</prop>
      <prop type="x-context-post">下一句。</prop>
      <tuv xml:lang="zh-hans"><seg>坚持稳中求进工作总基调。</seg></tuv>
      <tuv xml:lang="en-us"><seg>We will act on the general principle of pursuing progress while ensuring stability.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

# Traditional sources (Taiwan and Hong Kong tags); English first in the file.
TRADITIONAL = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="Other" creationtoolversion="1" segtype="sentence" o-tmf="x"
          adminlang="en" srclang="en" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="en"><seg>We will promote high-quality development.</seg></tuv>
      <tuv xml:lang="zh-TW"><seg>推動高質量發展。</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-GB"><seg>Deepen reform and opening up.</seg></tuv>
      <tuv xml:lang="zh-HK"><seg>深化改革開放。</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="fr"><seg>Seulement français.</seg></tuv>
      <tuv xml:lang="en"><seg>French only.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

# Well-formed units first, then a broken tag on line 12: nothing may be imported.
MALFORMED = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x"
          adminlang="en" srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="zh-CN"><seg>第一句。</seg></tuv>
      <tuv xml:lang="en"><seg>First.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="zh-CN"><seg>第二句。</seg></tuv>
      <tuv xml:lang="en"><seg>Second.</sg></tuv>
    </tu>
  </body>
</tmx>
"""
