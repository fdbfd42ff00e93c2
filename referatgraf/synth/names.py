"""Invented name pools for synthetic minutes: people, municipalities and meeting rooms.

Every name here is made up for the generator (common Danish first names and surnames combined
at random, and municipality names that do not exist), so generated documents never describe
real people or places.

>>> len(FIRST_NAMES) > 50 and len(LAST_NAMES) > 50
True
"""

from __future__ import annotations

FIRST_NAMES: tuple[str, ...] = (
    "Anders", "Anne", "Anette", "Astrid", "Bent", "Birthe", "Bo", "Camilla", "Carsten", "Charlotte",
    "Christian", "Dorthe", "Ebbe", "Eva", "Finn", "Frida", "Gitte", "Gustav", "Hanne", "Helle",
    "Henning", "Ida", "Inger", "Jakob", "Jens", "Jesper", "Johanne", "Jonas", "Karen", "Karsten",
    "Kirsten", "Klaus", "Lars", "Lene", "Lise", "Lone", "Louise", "Mads", "Maja", "Malene",
    "Mette", "Michael", "Mikkel", "Morten", "Naja", "Niels", "Nina", "Ole", "Peter", "Pia",
    "Poul", "Rasmus", "Rikke", "Rune", "Sanne", "Signe", "Simon", "Sofie", "Steen", "Susanne",
    "Thomas", "Tina", "Torben", "Trine", "Ulrik", "Vibeke", "Viggo", "Winnie", "Yvonne", "Åse",
)

LAST_NAMES: tuple[str, ...] = (
    "Abildgaard", "Bach", "Bang", "Berthelsen", "Bisgaard", "Brandstrup", "Dahlgaard", "Damkjær",
    "Ebsen", "Fogh", "Frandsen", "Gram", "Grønbech", "Hagelskær", "Halkjær", "Holmgaard", "Hvidberg",
    "Isaksen", "Juhl", "Kaae", "Kjeldgaard", "Klitgaard", "Krogsgaard", "Lauridsen", "Lindholm",
    "Lykkegaard", "Markussen", "Mogensen", "Munkholm", "Nedergaard", "Nygaard", "Overgaard",
    "Pallesen", "Quist", "Ravn", "Refsgaard", "Rosenkilde", "Saabye", "Skovbo", "Steffensen",
    "Søgaard", "Thygesen", "Toft", "Ulstrup", "Vestergaard", "Vinther", "Wendelboe", "Westh",
    "Winther", "Yde", "Zacho", "Østergaard", "Ågaard", "Ørsted-Holm", "Kragelund", "Bech-Jessen",
)

MIDDLE_NAMES: tuple[str, ...] = ("Marie", "Louise", "Kragh", "Holm", "Skov", "Lund", "Bjerg", "Dam")

MUNICIPALITIES: tuple[str, ...] = (
    "Egebjerg", "Solvænge", "Kildemose", "Ravnsted", "Lyngbæk", "Fjordhavn", "Nørre Hedeby",
    "Bakkelund", "Søndermarken", "Havkær", "Birkevang", "Stenhøj Mark", "Granhøj",
    "Vesterkær", "Østerlund", "Tranebjerg", "Hyldegård", "Mosevang", "Skelby", "Ådalen",
)

ROOMS: tuple[str, ...] = (
    "Mødelokale 1", "Mødelokale 2", "Mødelokale 3", "Mødelokale 915", "Byrådssalen",
    "Udvalgsværelset", "Rådhusets mødesal", "Lokale 2.14", "Kantinen, rådhuset",
)
