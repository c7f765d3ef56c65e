"""Places to time zones, offline: ``zone_for_place("San Jose, CA") -> America/Los_Angeles``.

Some carriers give a window in "local time" and name only the city of the work
("Planned Network Maintenance - San Jose, CA"). :func:`zone_for_place` finds the first
known city in such a text and returns its IANA zone, with no network look-up.

How a place is read:

* Text is folded before matching: case, accents and punctuation do not matter
  (``"SAO PAULO"``, ``"São Paulo"`` and ``"Sao-Paulo"`` are one city), ``St.``/``Ft.``
  mean Saint/Fort.
* A city named in several places (Portland, Paris, London, Vancouver...) is told apart by
  what follows it: a US state or Canadian/Australian province (code or name), a country
  (name or ISO code), ``UK``/``USA``. Without one, the city's first (best known) entry wins.
* A US/Canadian/Australian city missing from the table still gets its state's zone when
  the state follows it (``"Smallville, KS"``), and a text naming no city but a
  single-zone country or a state (``"Hanover Street, Belgium"``) gets that zone.

:data:`PLACES` is the table: one ``City | where | IANA zone`` line per place, ``where``
being an ISO 3166 country code, or a subdivision (``US-CA``, ``CA-ON``, ``AU-NSW``) for
countries whose zone depends on it. Names that are also everyday words (Nice, Reading,
Mobile, Split) are left out so that prose does not match them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: ``City | where | zone``; the first line of a city name is its default.
PLACES = """
New York | US-NY | America/New_York
New York City | US-NY | America/New_York
Manhattan | US-NY | America/New_York
Brooklyn | US-NY | America/New_York
Buffalo | US-NY | America/New_York
Albany | US-NY | America/New_York
Rochester | US-NY | America/New_York
Rochester | US-MN | America/Chicago
Syracuse | US-NY | America/New_York
Newark | US-NJ | America/New_York
Jersey City | US-NJ | America/New_York
Secaucus | US-NJ | America/New_York
Piscataway | US-NJ | America/New_York
Parsippany | US-NJ | America/New_York
Weehawken | US-NJ | America/New_York
Boston | US-MA | America/New_York
Cambridge | GB | Europe/London
Cambridge | US-MA | America/New_York
Springfield | US-MA | America/New_York
Springfield | US-IL | America/Chicago
Springfield | US-MO | America/Chicago
Hartford | US-CT | America/New_York
Stamford | US-CT | America/New_York
New Haven | US-CT | America/New_York
Providence | US-RI | America/New_York
Portland | US-OR | America/Los_Angeles
Portland | US-ME | America/New_York
Manchester | GB | Europe/London
Manchester | US-NH | America/New_York
Burlington | US-VT | America/New_York
Philadelphia | US-PA | America/New_York
Pittsburgh | US-PA | America/New_York
Harrisburg | US-PA | America/New_York
Allentown | US-PA | America/New_York
Scranton | US-PA | America/New_York
Wilmington | US-DE | America/New_York
Wilmington | US-NC | America/New_York
Baltimore | US-MD | America/New_York
Washington | US-DC | America/New_York
Washington DC | US-DC | America/New_York
Ashburn | US-VA | America/New_York
Reston | US-VA | America/New_York
Herndon | US-VA | America/New_York
Sterling | US-VA | America/New_York
Manassas | US-VA | America/New_York
Leesburg | US-VA | America/New_York
Chantilly | US-VA | America/New_York
Richmond | US-VA | America/New_York
Richmond | CA-BC | America/Vancouver
Norfolk | US-VA | America/New_York
Virginia Beach | US-VA | America/New_York
Arlington | US-VA | America/New_York
Arlington | US-TX | America/Chicago
Alexandria | EG | Africa/Cairo
Alexandria | US-VA | America/New_York
Vienna | AT | Europe/Vienna
Vienna | US-VA | America/New_York
Atlanta | US-GA | America/New_York
Savannah | US-GA | America/New_York
Augusta | US-GA | America/New_York
Miami | US-FL | America/New_York
Boca Raton | US-FL | America/New_York
Fort Lauderdale | US-FL | America/New_York
West Palm Beach | US-FL | America/New_York
Orlando | US-FL | America/New_York
Tampa | US-FL | America/New_York
Jacksonville | US-FL | America/New_York
Tallahassee | US-FL | America/New_York
Pensacola | US-FL | America/Chicago
Panama City | PA | America/Panama
Panama City | US-FL | America/Chicago
Charlotte | US-NC | America/New_York
Raleigh | US-NC | America/New_York
Durham | US-NC | America/New_York
Greensboro | US-NC | America/New_York
Charleston | US-SC | America/New_York
Charleston | US-WV | America/New_York
Columbia | US-SC | America/New_York
Columbia | US-MO | America/Chicago
Greenville | US-SC | America/New_York
Cleveland | US-OH | America/New_York
Columbus | US-OH | America/New_York
Columbus | US-GA | America/New_York
Cincinnati | US-OH | America/New_York
Dayton | US-OH | America/New_York
Toledo | US-OH | America/New_York
Toledo | ES | Europe/Madrid
Akron | US-OH | America/New_York
Detroit | US-MI | America/Detroit
Southfield | US-MI | America/Detroit
Grand Rapids | US-MI | America/Detroit
Lansing | US-MI | America/Detroit
Ann Arbor | US-MI | America/Detroit
Indianapolis | US-IN | America/Indiana/Indianapolis
Fort Wayne | US-IN | America/Indiana/Indianapolis
Evansville | US-IN | America/Chicago
Gary | US-IN | America/Chicago
Louisville | US-KY | America/Kentucky/Louisville
Lexington | US-KY | America/New_York
Knoxville | US-TN | America/New_York
Chattanooga | US-TN | America/New_York
Nashville | US-TN | America/Chicago
Memphis | US-TN | America/Chicago
Chicago | US-IL | America/Chicago
Elk Grove Village | US-IL | America/Chicago
Peoria | US-IL | America/Chicago
Aurora | US-CO | America/Denver
Aurora | US-IL | America/Chicago
Milwaukee | US-WI | America/Chicago
Madison | US-WI | America/Chicago
Green Bay | US-WI | America/Chicago
Minneapolis | US-MN | America/Chicago
Saint Paul | US-MN | America/Chicago
Duluth | US-MN | America/Chicago
Des Moines | US-IA | America/Chicago
Cedar Rapids | US-IA | America/Chicago
Omaha | US-NE | America/Chicago
Lincoln | US-NE | America/Chicago
Kansas City | US-MO | America/Chicago
Kansas City | US-KS | America/Chicago
Saint Louis | US-MO | America/Chicago
Wichita | US-KS | America/Chicago
Overland Park | US-KS | America/Chicago
Topeka | US-KS | America/Chicago
Oklahoma City | US-OK | America/Chicago
Tulsa | US-OK | America/Chicago
Little Rock | US-AR | America/Chicago
Birmingham | GB | Europe/London
Birmingham | US-AL | America/Chicago
Huntsville | US-AL | America/Chicago
Montgomery | US-AL | America/Chicago
Jackson | US-MS | America/Chicago
New Orleans | US-LA | America/Chicago
Baton Rouge | US-LA | America/Chicago
Lafayette | US-LA | America/Chicago
Lafayette | US-IN | America/Indiana/Indianapolis
Shreveport | US-LA | America/Chicago
Dallas | US-TX | America/Chicago
Fort Worth | US-TX | America/Chicago
Plano | US-TX | America/Chicago
Irving | US-TX | America/Chicago
Richardson | US-TX | America/Chicago
Carrollton | US-TX | America/Chicago
Houston | US-TX | America/Chicago
Austin | US-TX | America/Chicago
San Antonio | US-TX | America/Chicago
Corpus Christi | US-TX | America/Chicago
McAllen | US-TX | America/Chicago
Laredo | US-TX | America/Chicago
Lubbock | US-TX | America/Chicago
Waco | US-TX | America/Chicago
El Paso | US-TX | America/Denver
Sioux Falls | US-SD | America/Chicago
Fargo | US-ND | America/Chicago
Bismarck | US-ND | America/Chicago
Denver | US-CO | America/Denver
Englewood | US-CO | America/Denver
Colorado Springs | US-CO | America/Denver
Boulder | US-CO | America/Denver
Salt Lake City | US-UT | America/Denver
Albuquerque | US-NM | America/Denver
Santa Fe | US-NM | America/Denver
Cheyenne | US-WY | America/Denver
Billings | US-MT | America/Denver
Boise | US-ID | America/Boise
Moscow | RU | Europe/Moscow
Moscow | US-ID | America/Los_Angeles
Phoenix | US-AZ | America/Phoenix
Tempe | US-AZ | America/Phoenix
Scottsdale | US-AZ | America/Phoenix
Chandler | US-AZ | America/Phoenix
Mesa | US-AZ | America/Phoenix
Tucson | US-AZ | America/Phoenix
Las Vegas | US-NV | America/Los_Angeles
Henderson | US-NV | America/Los_Angeles
Reno | US-NV | America/Los_Angeles
Los Angeles | US-CA | America/Los_Angeles
El Segundo | US-CA | America/Los_Angeles
Irvine | US-CA | America/Los_Angeles
Anaheim | US-CA | America/Los_Angeles
Riverside | US-CA | America/Los_Angeles
San Diego | US-CA | America/Los_Angeles
San Francisco | US-CA | America/Los_Angeles
Oakland | US-CA | America/Los_Angeles
San Jose | US-CA | America/Los_Angeles
San Jose | CR | America/Costa_Rica
Santa Clara | US-CA | America/Los_Angeles
Sunnyvale | US-CA | America/Los_Angeles
Palo Alto | US-CA | America/Los_Angeles
Mountain View | US-CA | America/Los_Angeles
Milpitas | US-CA | America/Los_Angeles
Fremont | US-CA | America/Los_Angeles
Hayward | US-CA | America/Los_Angeles
Sacramento | US-CA | America/Los_Angeles
Fresno | US-CA | America/Los_Angeles
Bakersfield | US-CA | America/Los_Angeles
Seattle | US-WA | America/Los_Angeles
Tacoma | US-WA | America/Los_Angeles
Bellevue | US-WA | America/Los_Angeles
Redmond | US-WA | America/Los_Angeles
Tukwila | US-WA | America/Los_Angeles
Spokane | US-WA | America/Los_Angeles
Quincy | US-WA | America/Los_Angeles
Hillsboro | US-OR | America/Los_Angeles
Eugene | US-OR | America/Los_Angeles
Anchorage | US-AK | America/Anchorage
Fairbanks | US-AK | America/Anchorage
Juneau | US-AK | America/Juneau
Honolulu | US-HI | Pacific/Honolulu
San Juan | PR | America/Puerto_Rico
Toronto | CA-ON | America/Toronto
Mississauga | CA-ON | America/Toronto
Markham | CA-ON | America/Toronto
Ottawa | CA-ON | America/Toronto
Kitchener | CA-ON | America/Toronto
Waterloo | CA-ON | America/Toronto
London | GB | Europe/London
London | CA-ON | America/Toronto
Hamilton | CA-ON | America/Toronto
Hamilton | NZ | Pacific/Auckland
Hamilton | BM | Atlantic/Bermuda
Kingston | JM | America/Jamaica
Kingston | CA-ON | America/Toronto
Montreal | CA-QC | America/Toronto
Quebec City | CA-QC | America/Toronto
Gatineau | CA-QC | America/Toronto
Vancouver | CA-BC | America/Vancouver
Vancouver | US-WA | America/Los_Angeles
Victoria | CA-BC | America/Vancouver
Victoria | SC | Indian/Mahe
Kelowna | CA-BC | America/Vancouver
Calgary | CA-AB | America/Edmonton
Edmonton | CA-AB | America/Edmonton
Winnipeg | CA-MB | America/Winnipeg
Regina | CA-SK | America/Regina
Saskatoon | CA-SK | America/Regina
Halifax | CA-NS | America/Halifax
Halifax | GB | Europe/London
Moncton | CA-NB | America/Moncton
Fredericton | CA-NB | America/Moncton
Saint Johns | CA-NL | America/St_Johns
Mexico City | MX | America/Mexico_City
Ciudad de Mexico | MX | America/Mexico_City
Guadalajara | MX | America/Mexico_City
Queretaro | MX | America/Mexico_City
Puebla | MX | America/Mexico_City
San Luis Potosi | MX | America/Mexico_City
Leon | MX | America/Mexico_City
Leon | ES | Europe/Madrid
Monterrey | MX | America/Monterrey
Tijuana | MX | America/Tijuana
Mexicali | MX | America/Tijuana
Cancun | MX | America/Cancun
Merida | MX | America/Merida
Chihuahua | MX | America/Chihuahua
Ciudad Juarez | MX | America/Denver
Hermosillo | MX | America/Hermosillo
Mazatlan | MX | America/Mazatlan
Guatemala City | GT | America/Guatemala
San Salvador | SV | America/El_Salvador
Tegucigalpa | HN | America/Tegucigalpa
San Pedro Sula | HN | America/Tegucigalpa
Managua | NI | America/Managua
Santo Domingo | DO | America/Santo_Domingo
Havana | CU | America/Havana
Port of Spain | TT | America/Port_of_Spain
Nassau | BS | America/Nassau
Bridgetown | BB | America/Barbados
Willemstad | CW | America/Curacao
George Town | KY | America/Cayman
Georgetown | GY | America/Guyana
Paramaribo | SR | America/Paramaribo
Sao Paulo | BR | America/Sao_Paulo
Rio de Janeiro | BR | America/Sao_Paulo
Brasilia | BR | America/Sao_Paulo
Belo Horizonte | BR | America/Sao_Paulo
Curitiba | BR | America/Sao_Paulo
Campinas | BR | America/Sao_Paulo
Porto Alegre | BR | America/Sao_Paulo
Florianopolis | BR | America/Sao_Paulo
Fortaleza | BR | America/Fortaleza
Recife | BR | America/Recife
Salvador | BR | America/Bahia
Belem | BR | America/Belem
Manaus | BR | America/Manaus
Buenos Aires | AR | America/Argentina/Buenos_Aires
Cordoba | AR | America/Argentina/Cordoba
Cordoba | ES | Europe/Madrid
Rosario | AR | America/Argentina/Cordoba
Mendoza | AR | America/Argentina/Mendoza
Santiago | CL | America/Santiago
Valparaiso | CL | America/Santiago
Lima | PE | America/Lima
Bogota | CO | America/Bogota
Medellin | CO | America/Bogota
Cali | CO | America/Bogota
Barranquilla | CO | America/Bogota
Cartagena | CO | America/Bogota
Quito | EC | America/Guayaquil
Guayaquil | EC | America/Guayaquil
Caracas | VE | America/Caracas
Valencia | ES | Europe/Madrid
Valencia | VE | America/Caracas
Montevideo | UY | America/Montevideo
Asuncion | PY | America/Asuncion
La Paz | BO | America/La_Paz
La Paz | MX | America/Mazatlan
Santa Cruz de la Sierra | BO | America/La_Paz
Glasgow | GB | Europe/London
Edinburgh | GB | Europe/London
Aberdeen | GB | Europe/London
Perth | AU-WA | Australia/Perth
Perth | GB | Europe/London
Leeds | GB | Europe/London
Liverpool | GB | Europe/London
Sheffield | GB | Europe/London
Nottingham | GB | Europe/London
Leicester | GB | Europe/London
Bristol | GB | Europe/London
Cardiff | GB | Europe/London
Belfast | GB | Europe/London
Newcastle | GB | Europe/London
Newcastle | AU-NSW | Australia/Sydney
Newcastle upon Tyne | GB | Europe/London
Southampton | GB | Europe/London
Oxford | GB | Europe/London
Slough | GB | Europe/London
Milton Keynes | GB | Europe/London
Docklands | GB | Europe/London
Dublin | IE | Europe/Dublin
Dublin | US-OH | America/New_York
Dublin | US-CA | America/Los_Angeles
Cork | IE | Europe/Dublin
Paris | FR | Europe/Paris
Paris | US-TX | America/Chicago
Marseille | FR | Europe/Paris
Marseilles | FR | Europe/Paris
Lyon | FR | Europe/Paris
Lille | FR | Europe/Paris
Toulouse | FR | Europe/Paris
Bordeaux | FR | Europe/Paris
Nantes | FR | Europe/Paris
Strasbourg | FR | Europe/Paris
Rennes | FR | Europe/Paris
Montpellier | FR | Europe/Paris
Sophia Antipolis | FR | Europe/Paris
Monaco | MC | Europe/Monaco
Amsterdam | NL | Europe/Amsterdam
Rotterdam | NL | Europe/Amsterdam
The Hague | NL | Europe/Amsterdam
Den Haag | NL | Europe/Amsterdam
Utrecht | NL | Europe/Amsterdam
Eindhoven | NL | Europe/Amsterdam
Groningen | NL | Europe/Amsterdam
Brussels | BE | Europe/Brussels
Bruxelles | BE | Europe/Brussels
Antwerp | BE | Europe/Brussels
Antwerpen | BE | Europe/Brussels
Ghent | BE | Europe/Brussels
Gent | BE | Europe/Brussels
Liege | BE | Europe/Brussels
Luxembourg | LU | Europe/Luxembourg
Frankfurt | DE | Europe/Berlin
Berlin | DE | Europe/Berlin
Munich | DE | Europe/Berlin
Munchen | DE | Europe/Berlin
Muenchen | DE | Europe/Berlin
Hamburg | DE | Europe/Berlin
Dusseldorf | DE | Europe/Berlin
Duesseldorf | DE | Europe/Berlin
Cologne | DE | Europe/Berlin
Koln | DE | Europe/Berlin
Koeln | DE | Europe/Berlin
Stuttgart | DE | Europe/Berlin
Nuremberg | DE | Europe/Berlin
Nurnberg | DE | Europe/Berlin
Nuernberg | DE | Europe/Berlin
Hanover | DE | Europe/Berlin
Hannover | DE | Europe/Berlin
Leipzig | DE | Europe/Berlin
Dresden | DE | Europe/Berlin
Bremen | DE | Europe/Berlin
Essen | DE | Europe/Berlin
Dortmund | DE | Europe/Berlin
Karlsruhe | DE | Europe/Berlin
Mannheim | DE | Europe/Berlin
Zurich | CH | Europe/Zurich
Geneva | CH | Europe/Zurich
Geneve | CH | Europe/Zurich
Basel | CH | Europe/Zurich
Bern | CH | Europe/Zurich
Lausanne | CH | Europe/Zurich
Lugano | CH | Europe/Zurich
Wien | AT | Europe/Vienna
Graz | AT | Europe/Vienna
Salzburg | AT | Europe/Vienna
Linz | AT | Europe/Vienna
Innsbruck | AT | Europe/Vienna
Milan | IT | Europe/Rome
Milano | IT | Europe/Rome
Rome | IT | Europe/Rome
Roma | IT | Europe/Rome
Turin | IT | Europe/Rome
Torino | IT | Europe/Rome
Naples | IT | Europe/Rome
Napoli | IT | Europe/Rome
Bologna | IT | Europe/Rome
Florence | IT | Europe/Rome
Firenze | IT | Europe/Rome
Genoa | IT | Europe/Rome
Genova | IT | Europe/Rome
Palermo | IT | Europe/Rome
Venice | IT | Europe/Rome
Bari | IT | Europe/Rome
Madrid | ES | Europe/Madrid
Barcelona | ES | Europe/Madrid
Seville | ES | Europe/Madrid
Sevilla | ES | Europe/Madrid
Bilbao | ES | Europe/Madrid
Malaga | ES | Europe/Madrid
Zaragoza | ES | Europe/Madrid
Las Palmas | ES | Atlantic/Canary
Lisbon | PT | Europe/Lisbon
Lisboa | PT | Europe/Lisbon
Porto | PT | Europe/Lisbon
Oporto | PT | Europe/Lisbon
Stockholm | SE | Europe/Stockholm
Gothenburg | SE | Europe/Stockholm
Goteborg | SE | Europe/Stockholm
Malmo | SE | Europe/Stockholm
Oslo | NO | Europe/Oslo
Bergen | NO | Europe/Oslo
Stavanger | NO | Europe/Oslo
Trondheim | NO | Europe/Oslo
Copenhagen | DK | Europe/Copenhagen
Kobenhavn | DK | Europe/Copenhagen
Aarhus | DK | Europe/Copenhagen
Odense | DK | Europe/Copenhagen
Helsinki | FI | Europe/Helsinki
Espoo | FI | Europe/Helsinki
Tampere | FI | Europe/Helsinki
Oulu | FI | Europe/Helsinki
Reykjavik | IS | Atlantic/Reykjavik
Tallinn | EE | Europe/Tallinn
Riga | LV | Europe/Riga
Vilnius | LT | Europe/Vilnius
Kaunas | LT | Europe/Vilnius
Warsaw | PL | Europe/Warsaw
Warszawa | PL | Europe/Warsaw
Krakow | PL | Europe/Warsaw
Wroclaw | PL | Europe/Warsaw
Poznan | PL | Europe/Warsaw
Gdansk | PL | Europe/Warsaw
Lodz | PL | Europe/Warsaw
Katowice | PL | Europe/Warsaw
Prague | CZ | Europe/Prague
Praha | CZ | Europe/Prague
Brno | CZ | Europe/Prague
Bratislava | SK | Europe/Bratislava
Budapest | HU | Europe/Budapest
Bucharest | RO | Europe/Bucharest
Bucuresti | RO | Europe/Bucharest
Cluj Napoca | RO | Europe/Bucharest
Timisoara | RO | Europe/Bucharest
Iasi | RO | Europe/Bucharest
Sofia | BG | Europe/Sofia
Plovdiv | BG | Europe/Sofia
Varna | BG | Europe/Sofia
Belgrade | RS | Europe/Belgrade
Beograd | RS | Europe/Belgrade
Novi Sad | RS | Europe/Belgrade
Zagreb | HR | Europe/Zagreb
Ljubljana | SI | Europe/Ljubljana
Sarajevo | BA | Europe/Sarajevo
Skopje | MK | Europe/Skopje
Podgorica | ME | Europe/Podgorica
Tirana | AL | Europe/Tirane
Athens | GR | Europe/Athens
Athens | US-GA | America/New_York
Thessaloniki | GR | Europe/Athens
Istanbul | TR | Europe/Istanbul
Ankara | TR | Europe/Istanbul
Izmir | TR | Europe/Istanbul
Nicosia | CY | Asia/Nicosia
Limassol | CY | Asia/Nicosia
Valletta | MT | Europe/Malta
Saint Petersburg | RU | Europe/Moscow
Saint Petersburg | US-FL | America/New_York
Kazan | RU | Europe/Moscow
Krasnodar | RU | Europe/Moscow
Rostov on Don | RU | Europe/Moscow
Samara | RU | Europe/Samara
Yekaterinburg | RU | Asia/Yekaterinburg
Novosibirsk | RU | Asia/Novosibirsk
Vladivostok | RU | Asia/Vladivostok
Kyiv | UA | Europe/Kiev
Kiev | UA | Europe/Kiev
Kharkiv | UA | Europe/Kiev
Odesa | UA | Europe/Kiev
Odessa | UA | Europe/Kiev
Lviv | UA | Europe/Kiev
Minsk | BY | Europe/Minsk
Chisinau | MD | Europe/Chisinau
Tbilisi | GE | Asia/Tbilisi
Yerevan | AM | Asia/Yerevan
Baku | AZ | Asia/Baku
Dubai | AE | Asia/Dubai
Abu Dhabi | AE | Asia/Dubai
Fujairah | AE | Asia/Dubai
Doha | QA | Asia/Qatar
Manama | BH | Asia/Bahrain
Kuwait City | KW | Asia/Kuwait
Riyadh | SA | Asia/Riyadh
Jeddah | SA | Asia/Riyadh
Dammam | SA | Asia/Riyadh
Muscat | OM | Asia/Muscat
Salalah | OM | Asia/Muscat
Tel Aviv | IL | Asia/Jerusalem
Jerusalem | IL | Asia/Jerusalem
Haifa | IL | Asia/Jerusalem
Amman | JO | Asia/Amman
Beirut | LB | Asia/Beirut
Baghdad | IQ | Asia/Baghdad
Erbil | IQ | Asia/Baghdad
Tehran | IR | Asia/Tehran
Karachi | PK | Asia/Karachi
Lahore | PK | Asia/Karachi
Islamabad | PK | Asia/Karachi
Cairo | EG | Africa/Cairo
Johannesburg | ZA | Africa/Johannesburg
Cape Town | ZA | Africa/Johannesburg
Durban | ZA | Africa/Johannesburg
Pretoria | ZA | Africa/Johannesburg
Lagos | NG | Africa/Lagos
Abuja | NG | Africa/Lagos
Nairobi | KE | Africa/Nairobi
Mombasa | KE | Africa/Nairobi
Accra | GH | Africa/Accra
Casablanca | MA | Africa/Casablanca
Rabat | MA | Africa/Casablanca
Tunis | TN | Africa/Tunis
Algiers | DZ | Africa/Algiers
Dakar | SN | Africa/Dakar
Abidjan | CI | Africa/Abidjan
Addis Ababa | ET | Africa/Addis_Ababa
Dar es Salaam | TZ | Africa/Dar_es_Salaam
Kampala | UG | Africa/Kampala
Kigali | RW | Africa/Kigali
Luanda | AO | Africa/Luanda
Maputo | MZ | Africa/Maputo
Djibouti | DJ | Africa/Djibouti
Khartoum | SD | Africa/Khartoum
Lusaka | ZM | Africa/Lusaka
Harare | ZW | Africa/Harare
Windhoek | NA | Africa/Windhoek
Gaborone | BW | Africa/Gaborone
Kinshasa | CD | Africa/Kinshasa
Douala | CM | Africa/Douala
Port Louis | MU | Indian/Mauritius
Antananarivo | MG | Indian/Antananarivo
Mumbai | IN | Asia/Kolkata
Bombay | IN | Asia/Kolkata
New Delhi | IN | Asia/Kolkata
Delhi | IN | Asia/Kolkata
Noida | IN | Asia/Kolkata
Gurgaon | IN | Asia/Kolkata
Gurugram | IN | Asia/Kolkata
Chennai | IN | Asia/Kolkata
Madras | IN | Asia/Kolkata
Bangalore | IN | Asia/Kolkata
Bengaluru | IN | Asia/Kolkata
Hyderabad | IN | Asia/Kolkata
Hyderabad | PK | Asia/Karachi
Kolkata | IN | Asia/Kolkata
Calcutta | IN | Asia/Kolkata
Pune | IN | Asia/Kolkata
Ahmedabad | IN | Asia/Kolkata
Colombo | LK | Asia/Colombo
Dhaka | BD | Asia/Dhaka
Kathmandu | NP | Asia/Kathmandu
Singapore | SG | Asia/Singapore
Kuala Lumpur | MY | Asia/Kuala_Lumpur
Cyberjaya | MY | Asia/Kuala_Lumpur
Penang | MY | Asia/Kuala_Lumpur
Johor Bahru | MY | Asia/Kuala_Lumpur
Jakarta | ID | Asia/Jakarta
Surabaya | ID | Asia/Jakarta
Batam | ID | Asia/Jakarta
Denpasar | ID | Asia/Makassar
Bangkok | TH | Asia/Bangkok
Hanoi | VN | Asia/Ho_Chi_Minh
Ho Chi Minh City | VN | Asia/Ho_Chi_Minh
Saigon | VN | Asia/Ho_Chi_Minh
Da Nang | VN | Asia/Ho_Chi_Minh
Manila | PH | Asia/Manila
Makati | PH | Asia/Manila
Cebu | PH | Asia/Manila
Phnom Penh | KH | Asia/Phnom_Penh
Yangon | MM | Asia/Yangon
Hong Kong | HK | Asia/Hong_Kong
Macau | MO | Asia/Macau
Taipei | TW | Asia/Taipei
Taichung | TW | Asia/Taipei
Kaohsiung | TW | Asia/Taipei
Beijing | CN | Asia/Shanghai
Shanghai | CN | Asia/Shanghai
Guangzhou | CN | Asia/Shanghai
Shenzhen | CN | Asia/Shanghai
Chengdu | CN | Asia/Shanghai
Hangzhou | CN | Asia/Shanghai
Wuhan | CN | Asia/Shanghai
Tianjin | CN | Asia/Shanghai
Chongqing | CN | Asia/Shanghai
Nanjing | CN | Asia/Shanghai
Xiamen | CN | Asia/Shanghai
Qingdao | CN | Asia/Shanghai
Xian | CN | Asia/Shanghai
Tokyo | JP | Asia/Tokyo
Osaka | JP | Asia/Tokyo
Nagoya | JP | Asia/Tokyo
Fukuoka | JP | Asia/Tokyo
Sapporo | JP | Asia/Tokyo
Yokohama | JP | Asia/Tokyo
Kyoto | JP | Asia/Tokyo
Sendai | JP | Asia/Tokyo
Seoul | KR | Asia/Seoul
Busan | KR | Asia/Seoul
Incheon | KR | Asia/Seoul
Ulaanbaatar | MN | Asia/Ulaanbaatar
Almaty | KZ | Asia/Almaty
Astana | KZ | Asia/Almaty
Tashkent | UZ | Asia/Tashkent
Bishkek | KG | Asia/Bishkek
Sydney | AU-NSW | Australia/Sydney
Sydney | CA-NS | America/Halifax
Canberra | AU-ACT | Australia/Sydney
Melbourne | AU-VIC | Australia/Melbourne
Melbourne | US-FL | America/New_York
Brisbane | AU-QLD | Australia/Brisbane
Gold Coast | AU-QLD | Australia/Brisbane
Adelaide | AU-SA | Australia/Adelaide
Hobart | AU-TAS | Australia/Hobart
Darwin | AU-NT | Australia/Darwin
Auckland | NZ | Pacific/Auckland
Wellington | NZ | Pacific/Auckland
Christchurch | NZ | Pacific/Auckland
Suva | FJ | Pacific/Fiji
Port Moresby | PG | Pacific/Port_Moresby
Noumea | NC | Pacific/Noumea
Papeete | PF | Pacific/Tahiti
Hagatna | GU | Pacific/Guam
Guam | GU | Pacific/Guam
"""

#: The zone of a subdivision or country when a place names no known city: US states
#: and Canadian/Australian provinces by their most populous zone; countries only when
#: the whole (mainland) country keeps one zone.
REGION_ZONES: dict[str, str] = {
    **{f"US-{s}": "America/New_York" for s in "CT DC DE GA MA MD ME NC NH NJ NY OH PA RI SC VA VT WV".split()},
    **{f"US-{s}": "America/Chicago" for s in "AL AR IA IL KS LA MN MO MS ND NE OK SD TN TX WI".split()},
    **{f"US-{s}": "America/Denver" for s in "CO MT NM UT WY".split()},
    **{f"US-{s}": "America/Los_Angeles" for s in "CA NV OR WA".split()},
    "US-FL": "America/New_York", "US-MI": "America/Detroit", "US-IN": "America/Indiana/Indianapolis",
    "US-KY": "America/New_York", "US-ID": "America/Boise", "US-AZ": "America/Phoenix",
    "US-AK": "America/Anchorage", "US-HI": "Pacific/Honolulu", "PR": "America/Puerto_Rico",
    "CA-ON": "America/Toronto", "CA-QC": "America/Toronto", "CA-BC": "America/Vancouver",
    "CA-AB": "America/Edmonton", "CA-MB": "America/Winnipeg", "CA-SK": "America/Regina",
    "CA-NS": "America/Halifax", "CA-NB": "America/Moncton", "CA-PE": "America/Halifax",
    "CA-NL": "America/St_Johns",
    "AU-NSW": "Australia/Sydney", "AU-ACT": "Australia/Sydney", "AU-VIC": "Australia/Melbourne",
    "AU-QLD": "Australia/Brisbane", "AU-SA": "Australia/Adelaide", "AU-WA": "Australia/Perth",
    "AU-TAS": "Australia/Hobart", "AU-NT": "Australia/Darwin",
    "GB": "Europe/London", "IE": "Europe/Dublin", "FR": "Europe/Paris", "NL": "Europe/Amsterdam",
    "BE": "Europe/Brussels", "LU": "Europe/Luxembourg", "DE": "Europe/Berlin", "CH": "Europe/Zurich",
    "AT": "Europe/Vienna", "IT": "Europe/Rome", "ES": "Europe/Madrid", "PT": "Europe/Lisbon",
    "SE": "Europe/Stockholm", "NO": "Europe/Oslo", "DK": "Europe/Copenhagen", "FI": "Europe/Helsinki",
    "IS": "Atlantic/Reykjavik", "EE": "Europe/Tallinn", "LV": "Europe/Riga", "LT": "Europe/Vilnius",
    "PL": "Europe/Warsaw", "CZ": "Europe/Prague", "SK": "Europe/Bratislava", "HU": "Europe/Budapest",
    "RO": "Europe/Bucharest", "BG": "Europe/Sofia", "RS": "Europe/Belgrade", "HR": "Europe/Zagreb",
    "SI": "Europe/Ljubljana", "GR": "Europe/Athens", "TR": "Europe/Istanbul", "CY": "Asia/Nicosia",
    "MT": "Europe/Malta", "UA": "Europe/Kiev", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "CN": "Asia/Shanghai", "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "SG": "Asia/Singapore",
    "MY": "Asia/Kuala_Lumpur", "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh", "PH": "Asia/Manila",
    "IN": "Asia/Kolkata", "PK": "Asia/Karachi", "AE": "Asia/Dubai", "QA": "Asia/Qatar",
    "SA": "Asia/Riyadh", "IL": "Asia/Jerusalem", "EG": "Africa/Cairo", "ZA": "Africa/Johannesburg",
    "NG": "Africa/Lagos", "KE": "Africa/Nairobi", "MA": "Africa/Casablanca", "NZ": "Pacific/Auckland",
    "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago", "CO": "America/Bogota",
    "PE": "America/Lima", "CR": "America/Costa_Rica", "PA": "America/Panama",
}

# Names a place may be qualified by, folded, to the regions they may mean ("ca" is
# California or Canada: the city's own entries decide).
_US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
_PROVINCES = {
    "CA-ON": "Ontario", "CA-QC": "Quebec", "CA-BC": "British Columbia", "CA-AB": "Alberta",
    "CA-MB": "Manitoba", "CA-SK": "Saskatchewan", "CA-NS": "Nova Scotia", "CA-NB": "New Brunswick",
    "CA-NL": "Newfoundland", "CA-PE": "Prince Edward Island", "AU-NSW": "New South Wales",
    "AU-VIC": "Victoria", "AU-QLD": "Queensland", "AU-SA": "South Australia",
    "AU-WA": "Western Australia", "AU-TAS": "Tasmania", "AU-NT": "Northern Territory",
}
_COUNTRIES = {
    "US": "United States|United States of America|USA|US|America", "CA": "Canada", "MX": "Mexico",
    "GB": "United Kingdom|UK|GB|Great Britain|England|Scotland|Wales|Northern Ireland",
    "IE": "Ireland", "FR": "France", "NL": "Netherlands|Holland", "BE": "Belgium",
    "LU": "Luxembourg", "DE": "Germany|Deutschland", "CH": "Switzerland", "AT": "Austria",
    "IT": "Italy", "ES": "Spain", "PT": "Portugal", "SE": "Sweden", "NO": "Norway",
    "DK": "Denmark", "FI": "Finland", "IS": "Iceland", "EE": "Estonia", "LV": "Latvia",
    "LT": "Lithuania", "PL": "Poland", "CZ": "Czech Republic|Czechia", "SK": "Slovakia",
    "HU": "Hungary", "RO": "Romania", "BG": "Bulgaria", "RS": "Serbia", "HR": "Croatia",
    "SI": "Slovenia", "GR": "Greece", "TR": "Turkey|Turkiye", "CY": "Cyprus", "MT": "Malta",
    "UA": "Ukraine", "RU": "Russia|Russian Federation", "JP": "Japan", "KR": "South Korea|Korea",
    "CN": "China", "HK": "Hong Kong", "TW": "Taiwan", "SG": "Singapore", "MY": "Malaysia",
    "TH": "Thailand", "VN": "Vietnam|Viet Nam", "PH": "Philippines", "ID": "Indonesia",
    "IN": "India", "PK": "Pakistan", "AE": "United Arab Emirates|UAE", "QA": "Qatar",
    "SA": "Saudi Arabia|KSA", "IL": "Israel", "EG": "Egypt", "ZA": "South Africa",
    "NG": "Nigeria", "KE": "Kenya", "MA": "Morocco", "AU": "Australia", "NZ": "New Zealand",
    "BR": "Brazil|Brasil", "AR": "Argentina", "CL": "Chile", "CO": "Colombia", "PE": "Peru",
    "CR": "Costa Rica", "PA": "Panama", "VE": "Venezuela", "PR": "Puerto Rico", "JM": "Jamaica",
    "BM": "Bermuda", "SC": "Seychelles", "KY": "Cayman Islands", "GY": "Guyana",
}


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces, as places are compared."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]", "", text.lower())
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return re.sub(r"\bft\b", "fort", re.sub(r"\bste?\b", "saint", text))


def _qualifier_table() -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}

    def add(name: str, region: str) -> None:
        if name:
            table.setdefault(fold(name), set()).add(region)

    for code, name in _US_STATES.items():
        add(code, f"US-{code}")
        add(name, f"US-{code}")
    for region, name in _PROVINCES.items():
        add(region.split("-")[1], region)
        add(name, region)
    for code, names in _COUNTRIES.items():
        add(code, code)
        for name in names.split("|"):
            add(name, code)
    # "st" folds to "saint"; no state or country is abbreviated so.
    table.pop("saint", None)
    return table


_CITIES: dict[str, list[tuple[str, str]]] = {}
for _line in PLACES.strip().splitlines():
    _name, _where, _zone = (part.strip() for part in _line.split("|"))
    _CITIES.setdefault(fold(_name), []).append((_where, _zone))
_QUALIFIERS = _qualifier_table()
_CITY_PATTERN = re.compile(r"\b(" + "|".join(map(re.escape, sorted(_CITIES, key=len, reverse=True))) + r")\b")
_LONGEST_QUALIFIER = max(len(q.split()) for q in _QUALIFIERS)
# Abbreviations that are no everyday word, so may be read anywhere in a text.
_SAFE_ABBREVIATIONS = frozenset({"uk", "usa", "uae", "ksa"})
# Two-letter codes alone are everyday words ("in", "or", "me"): only read after a comma.
_CODE_AFTER_COMMA = re.compile(r",\s*([A-Za-z]{2,3})\b")


def _qualifier(following: str) -> tuple[str, set[str]]:
    """The region name opening ``following`` and the regions it may mean.

    ``"ca 95134"`` -> ``("ca", {"US-CA", "CA"})``; ``("", set())`` when none.
    """
    words = following.split()
    for size in range(min(_LONGEST_QUALIFIER, len(words)), 0, -1):
        phrase = " ".join(words[:size])
        found = _QUALIFIERS.get(phrase)
        if found:
            return phrase, found
    return "", set()


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _region_zone(regions: set[str]) -> ZoneInfo | None:
    # A subdivision says more than a country code that happens to be spelt the same.
    for region in sorted(regions, key=lambda r: "-" not in r):
        if region in REGION_ZONES:
            return _zone(REGION_ZONES[region])
    return None


@lru_cache(maxsize=1024)
def zone_for_place(text: str | None) -> ZoneInfo | None:
    """The IANA zone of the first known place in ``text``; None when none is recognised.

    ``"Planned Network Maintenance - San Jose, CA"`` -> America/Los_Angeles,
    ``"Portland, ME"`` -> America/New_York, ``"Frankfurt am Main, Germany"`` ->
    Europe/Berlin, ``"Smallville, KS"`` -> America/Chicago (the state's zone).
    """
    if not text:
        return None
    folded = fold(text)
    for match in _CITY_PATTERN.finditer(folded):
        candidates = _CITIES[match.group(1)]
        regions = _qualifier(folded[match.end():])[1]
        if regions:
            for where, zone in candidates:
                if _within(where, regions):
                    return _zone(zone)
            subdivision = _region_zone({r for r in regions if "-" in r})
            if subdivision is not None:
                return subdivision
        later = _named_regions(folded[match.end():])
        if later and not any(_within(where, later) for where, _ in candidates):
            # "Hanover Street, Belgium": a street or building named after a city.
            continue
        return _zone(candidates[0][1])
    for match in _CODE_AFTER_COMMA.finditer(text):
        found = _region_zone(_QUALIFIERS.get(fold(match.group(1)), set()))
        if found is not None:
            return found
    return _region_zone(_named_regions(folded))


def _within(where: str, regions: set[str]) -> bool:
    return where in regions or where.split("-")[0] in regions


def _named_regions(folded: str) -> set[str]:
    """Regions a folded text names in full (two-letter codes left aside), first first."""
    words = folded.split()
    for start in range(len(words)):
        phrase, regions = _qualifier(" ".join(words[start:]))
        if len(phrase) > 3 or phrase in _SAFE_ABBREVIATIONS:
            return regions
    return set()
