"""Feed item HTML as Polish city portals publish it: BIP calls, news, Word pastes, tables."""

from __future__ import annotations

# A BIP Kraków call for proposals (RSS description in CDATA): documents to download.
BIP_CALL = """<![CDATA[<p><strong>Prezydent Miasta Krakowa</strong> ogłasza otwarty konkurs ofert
na realizację zadania publicznego pn.&nbsp;„Prowadzenie Klubu Integracji Społecznej”
w&nbsp;latach 2027&ndash;2028.</p>
<p>Termin składania ofert upływa <strong>15 stycznia 2027 r. o godz. 15:00</strong>.</p>
<p>Dokumenty do pobrania:</p>
<ul>
  <li><a href="/zalaczniki/dokumenty/ogloszenie.pdf">Ogłoszenie konkursowe</a> (PDF, 245 KB)</li>
  <li><a href="https://www.bip.krakow.pl/zalaczniki/dokumenty/wzor-oferty.docx"
         target="_blank">Wzór oferty</a></li>
  <li><a href="https://www.bip.krakow.pl/zalaczniki/dokumenty/zarzadzenie.pdf"
         title="Zarządzenie">Zarządzenie Nr 3456/2026 Prezydenta Miasta Krakowa</a></li>
</ul>
<p>Kontakt: Anna Nowak, tel.&nbsp;12&nbsp;616&nbsp;12&nbsp;34,
<a href="mailto:anna.nowak@um.krakow.pl">anna.nowak@um.krakow.pl</a></p>]]>"""
BIP_LINK = "https://www.bip.krakow.pl/?dok_id=167&sub_dok_id=167&sub=opis&id=12345"

# A city news item: a lead photo, a figure with a caption, a subheading and a tracking script.
NEWS = """<div class="news-lead"><img src="https://www.krakow.pl/zalaczniki/image/1234.jpg"
alt="Seniorzy na warsztatach" width="600" height="400" /></div>
<p>W&nbsp;Centrum Aktywności Seniorów przy ul.&nbsp;Józefińskiej&nbsp;14 ruszyły
bezpłatne&nbsp;warsztaty <em>cyfrowe</em>.</p>
<figure><img src="/foto/2.jpg"><figcaption>Fot. Jan Kowalski / UMK</figcaption></figure>
<h3>Jak się zapisać?</h3>
<p>Zapisy pod numerem <b>12&nbsp;616&nbsp;00&nbsp;00</b> lub e-mailem.<br>
Liczba miejsc ograniczona &ndash; do 15 osób w&nbsp;grupie.</p>
<script>window.dataLayer = window.dataLayer || []; if (a < b && c) {}</script>"""

# Text pasted from MS Word into the portal's editor: conditional comments, XML islands,
# style sheets, <o:p> and lists written as paragraphs with a Symbol-font bullet.
WORD = """<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/>
</o:OfficeDocumentSettings></xml><![endif]--><!--[if gte mso 9]><xml><w:WordDocument>
<w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-unhide:no; margin:0cm; font-size:11.0pt;} --></style>
<p class="MsoNormal" style="text-align:justify"><b><span style="font-size:12.0pt;
font-family:&quot;Arial&quot;,sans-serif;mso-fareast-language:PL">Konsultacje społeczne
projektu „Programu współpracy na 2027 rok”<o:p></o:p></span></b></p>
<p class="MsoNormal"><span style="font-family:&quot;Arial&quot;,sans-serif">Uwagi można
zgłaszać do 5&nbsp;marca 2027&nbsp;r. za pomocą:<o:p></o:p></span></p>
<p class="MsoListParagraphCxSpFirst" style="text-indent:-18.0pt;mso-list:l0 level1 lfo1">
<![if !supportLists]><span style="font-family:Symbol">·<span style="font:7.0pt &quot;Times
New Roman&quot;">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span><![endif]><span>
formularza elektronicznego,<o:p></o:p></span></p>
<p class="MsoListParagraphCxSpLast" style="text-indent:-18.0pt;mso-list:l0 level1 lfo1">
<![if !supportLists]><span style="font-family:Symbol">·<span style="font:7.0pt &quot;Times
New Roman&quot;">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span><![endif]>poczty
tradycyjnej.<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal"><i><span style="font-family:&quot;Arial&quot;">Wydział Polityki
Społecznej i&nbsp;Zdrowia</span></i><o:p></o:p></p>"""

# A consultation schedule as a table with a header row and paragraphs inside cells.
TABLE = """<p>Harmonogram spotkań konsultacyjnych:</p>
<table border="1" cellpadding="4"><thead><tr><th>Data</th><th>Miejsce</th></tr></thead>
<tbody><tr><td><p>12 lutego 2027</p></td><td><p>Urząd Miasta,</p><p>pl. Wszystkich
Świętych 3&ndash;4</p></td></tr><tr><td>19 lutego 2027</td><td>Online &amp;
<em>transmisja</em></td></tr><tr><td></td><td>&nbsp;</td></tr></tbody></table>
<p>Zapraszamy!</p>"""
