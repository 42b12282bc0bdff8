#!/usr/bin/env python3
"""Generate substances.csv: curated reference list of internationally controlled
substances and a sample of new psychoactive substances (NPS).

Sources (curated by hand, not downloaded):
  * 1961 Single Convention schedules  - INCB "Yellow List"
  * 1971 Psychotropic Convention      - INCB "Green List"
  * 1988 Convention tables            - INCB "Red List"
  * NPS                               - curated sample (UNODC EWA / WHO ECDD surveillance)

Scheduling state reflected: CND decisions up to and including the 68th session
(March 2025) for the 1961 and 1971 Conventions, and up to and including the
67th session (March 2024) for the 1988 Convention tables (no 1988 changes were
made at the 68th session to the curator's knowledge). See README.md.

Rules enforced here:
  * each substance appears once, under the highest-priority list
    (1961 > 1971 > 1988 > NPS); a lower-priority duplicate is dropped with a warning;
  * every CAS number is checked with the CAS check-digit algorithm and dropped
    (left empty) if it fails. CAS numbers were entered by hand and cross-checked
    against published national transpositions of the international lists (the
    2025 Chinese narcotic/psychotropic catalogues, a Vietnamese precursor list)
    and other public chemical lists; where sources disagreed or no confirmation
    was found the CAS field is left empty;
  * codes are upper-case, letters/digits/hyphens only, and unique;
  * output rows are sorted by kind (list priority) and then by code.

Re-run:  python3 tools/refdata/substances.py
"""
import re
import sys

from refdata_common import cas_is_valid, write_csv

HEADER = ["code", "kind", "schedules", "name", "cas", "synonyms"]

# Each entry: (name, schedules, cas, [synonyms], optional code-suffix override)
# schedules: roman numerals separated by ';' ('' for NPS).

# --------------------------------------------------------------------------
# 1961 Single Convention (Yellow List). Schedule I unless stated; I;IV for the
# drugs also listed in Schedule IV. Cannabis and cannabis resin: Schedule I
# only since the CND vote of 2 December 2020.
# --------------------------------------------------------------------------
NARCOTIC_DRUGS = [
    ("acetorphine", "I;IV", "25333-77-1", []),
    ("acetyl-alpha-methylfentanyl", "I;IV", "101860-00-8", []),
    ("acetylfentanyl", "I;IV", "3258-84-2", ["desmethylfentanyl"]),
    ("acetylmethadol", "I", "509-74-0", ["3-acetoxy-6-dimethylamino-4,4-diphenylheptane"]),
    ("acryloylfentanyl", "I", "82003-75-6", ["acrylfentanyl"]),
    ("AH-7921", "I", "55154-30-8", ["doxylam"]),
    ("alfentanil", "I", "71195-58-9", []),
    ("allylprodine", "I", "25384-17-2", []),
    ("alphacetylmethadol", "I", "17199-58-5", []),
    ("alphameprodine", "I", "468-51-9", []),
    ("alphamethadol", "I", "17199-54-1", []),
    ("alpha-methylfentanyl", "I;IV", "79704-88-4", []),
    ("alpha-methylthiofentanyl", "I;IV", "103963-66-2", []),
    ("alphaprodine", "I", "77-20-3", []),
    ("anileridine", "I", "144-14-9", []),
    ("benzethidine", "I", "3691-78-9", []),
    ("benzylmorphine", "I", "36418-34-5", ["3-benzylmorphine"]),
    ("betacetylmethadol", "I", "17199-59-6", []),
    ("beta-hydroxyfentanyl", "I;IV", "", []),
    ("beta-hydroxy-3-methylfentanyl", "I;IV", "", ["ohmefentanyl"]),
    ("betameprodine", "I", "468-50-8", []),
    ("betamethadol", "I", "17199-55-2", []),
    ("betaprodine", "I", "468-59-7", []),
    ("bezitramide", "I", "15301-48-1", []),
    ("brorphine", "I", "2244737-98-0", []),
    ("butonitazene", "I", "95810-54-1", ["butoxynitazene"]),
    ("butyrfentanyl", "I", "1169-70-6", ["butyrylfentanyl"]),
    ("cannabis", "I", "", ["marijuana", "marihuana", "cannabis herb"]),
    ("cannabis resin", "I", "", ["hashish", "charas"]),
    ("extracts and tinctures of cannabis", "I", "", ["cannabis extract", "cannabis tincture"],
     "CANNABIS-EXTRACTS-TINCTURES"),
    ("carfentanil", "I;IV", "59708-52-0", ["carfentanyl"]),
    ("clonitazene", "I", "3861-76-5", []),
    ("coca leaf", "I", "", ["coca leaves"]),
    ("cocaine", "I", "50-36-2", ["methyl ester of benzoylecgonine", "benzoylmethylecgonine"]),
    ("codoxime", "I", "7125-76-0", []),
    ("concentrate of poppy straw", "I", "", ["CPS", "poppy straw concentrate"]),
    ("crotonylfentanyl", "I", "", []),
    ("cyclopropylfentanyl", "I", "", []),
    ("desomorphine", "I;IV", "427-00-9", ["dihydrodesoxymorphine", "krokodil"]),
    ("dextromoramide", "I", "357-56-2", []),
    ("diampromide", "I", "552-25-0", []),
    ("diethylthiambutene", "I", "86-14-6", []),
    ("difenoxin", "I", "28782-42-5", []),
    ("dihydroetorphine", "I", "14357-76-7", []),
    ("dihydromorphine", "I", "509-60-4", []),
    ("dimenoxadol", "I", "509-78-4", []),
    ("dimepheptanol", "I", "545-90-4", []),
    ("dimethylthiambutene", "I", "524-84-5", []),
    ("dioxaphetyl butyrate", "I", "467-86-7", []),
    ("diphenoxylate", "I", "915-30-0", []),
    ("dipipanone", "I", "467-83-4", []),
    ("drotebanol", "I", "3176-03-2", []),
    ("ecgonine", "I", "481-37-8", []),
    ("etazene", "I", "14030-76-3", ["etodesnitazene"]),
    ("ethylmethylthiambutene", "I", "441-61-2", []),
    ("etonitazene", "I", "911-65-9", []),
    ("etonitazepipne", "I", "", ["N-piperidinyl etonitazene"]),
    ("etonitazepyne", "I", "2785346-75-8", ["N-pyrrolidino etonitazene"]),
    ("etorphine", "I;IV", "14521-96-1", ["M99"]),
    ("etoxeridine", "I", "469-82-9", []),
    ("fentanyl", "I", "437-38-7", []),
    ("4-fluoroisobutyrfentanyl", "I", "244195-32-2", ["4-FIBF", "pFIBF", "para-fluoroisobutyrfentanyl"]),
    ("furanylfentanyl", "I", "101345-66-8", []),
    ("furethidine", "I", "2385-81-1", []),
    ("heroin", "I;IV", "561-27-3", ["diacetylmorphine", "diamorphine"]),
    ("hydrocodone", "I", "125-29-1", ["dihydrocodeinone"]),
    ("hydromorphinol", "I", "2183-56-4", ["14-hydroxydihydromorphine"]),
    ("hydromorphone", "I", "466-99-9", ["dihydromorphinone"]),
    ("hydroxypethidine", "I", "468-56-4", []),
    ("isomethadone", "I", "466-40-0", []),
    ("isotonitazene", "I", "14188-81-9", []),
    ("ketobemidone", "I;IV", "469-79-4", []),
    ("levomethorphan", "I", "125-70-2", []),
    ("levomoramide", "I", "5666-11-5", []),
    ("levophenacylmorphan", "I", "10061-32-2", []),
    ("levorphanol", "I", "77-07-6", []),
    ("metazocine", "I", "3734-52-9", []),
    ("methadone", "I", "76-99-3", ["amidone"]),
    ("methadone intermediate", "I", "125-79-1", ["4-cyano-2-dimethylamino-4,4-diphenylbutane"]),
    ("methoxyacetylfentanyl", "I", "", []),
    ("methyldesorphine", "I", "16008-36-9", []),
    ("methyldihydromorphine", "I", "509-56-8", []),
    ("3-methylfentanyl", "I;IV", "42045-86-3", []),
    ("3-methylthiofentanyl", "I;IV", "86052-04-2", []),
    ("metonitazene", "I", "14680-51-4", []),
    ("metopon", "I", "143-52-2", ["5-methyldihydromorphinone"]),
    ("moramide intermediate", "I", "3626-55-9", ["2-methyl-3-morpholino-1,1-diphenylpropane carboxylic acid"]),
    ("morpheridine", "I", "469-81-8", []),
    ("morphine", "I", "57-27-2", []),
    ("morphine methobromide", "I", "125-23-5",
     ["morphine methobromide and other pentavalent nitrogen morphine derivatives"]),
    ("morphine-N-oxide", "I", "639-46-3", []),
    ("MPPP", "I;IV", "13147-09-6", ["1-methyl-4-phenyl-4-propionoxypiperidine", "desmethylprodine"]),
    ("MT-45", "I", "52694-55-0", []),
    ("myrophine", "I", "467-18-5", []),
    ("N-desethyl isotonitazene", "I", "2732926-24-6", ["norisotonitazene"]),
    ("N-pyrrolidino metonitazene", "I", "", ["metonitazepyne"]),
    ("N-pyrrolidino protonitazene", "I", "", ["protonitazepyne"]),
    ("nicomorphine", "I", "639-48-5", ["3,6-dinicotinoylmorphine"]),
    ("noracymethadol", "I", "1477-39-0", []),
    ("norlevorphanol", "I", "1531-12-0", []),
    ("normethadone", "I", "467-85-6", []),
    ("normorphine", "I", "466-97-7", []),
    ("norpipanone", "I", "561-48-8", []),
    ("ocfentanil", "I", "101343-69-5", []),
    ("opium", "I", "8008-60-4", []),
    ("oripavine", "I", "467-04-9", []),
    ("ortho-fluorofentanyl", "I", "", ["2-fluorofentanyl"]),
    ("oxycodone", "I", "76-42-6", ["dihydrohydroxycodeinone"]),
    ("oxymorphone", "I", "76-41-5", []),
    ("para-fluorobutyrfentanyl", "I", "244195-31-1", ["4-fluorobutyrfentanyl"]),
    ("para-fluorofentanyl", "I;IV", "90736-23-5", ["4-fluorofentanyl"]),
    ("PEPAP", "I;IV", "64-52-8", ["1-phenethyl-4-phenyl-4-acetoxypiperidine"]),
    ("pethidine", "I", "57-42-1", ["meperidine"]),
    ("pethidine intermediate A", "I", "3627-62-1", ["4-cyano-1-methyl-4-phenylpiperidine"]),
    ("pethidine intermediate B", "I", "77-17-8", ["4-phenylpiperidine-4-carboxylic acid ethyl ester", "norpethidine"]),
    ("pethidine intermediate C", "I", "3627-48-3", ["1-methyl-4-phenylpiperidine-4-carboxylic acid"]),
    ("phenadoxone", "I", "467-84-5", []),
    ("phenampromide", "I", "129-83-9", []),
    ("phenazocine", "I", "127-35-5", []),
    ("phenomorphan", "I", "468-07-5", []),
    ("phenoperidine", "I", "562-26-5", []),
    ("piminodine", "I", "13495-09-5", []),
    ("piritramide", "I", "302-41-0", []),
    ("proheptazine", "I", "77-14-5", []),
    ("properidine", "I", "561-76-2", []),
    ("protonitazene", "I", "95958-84-2", []),
    ("racemethorphan", "I", "510-53-2", []),
    ("racemoramide", "I", "545-59-5", []),
    ("racemorphan", "I", "297-90-5", []),
    ("remifentanil", "I", "132875-61-7", []),
    ("sufentanil", "I", "56030-54-7", []),
    ("tetrahydrofuranylfentanyl", "I", "2142571-01-3", ["THF-F"]),
    ("thebacon", "I", "466-90-0", ["acetyldihydrocodeinone"]),
    ("thebaine", "I", "115-37-7", []),
    ("thiofentanyl", "I;IV", "1165-22-6", []),
    ("tilidine", "I", "20380-58-9", []),
    ("trimeperidine", "I", "64-39-1", []),
    ("U-47700", "I", "121348-98-9", []),
    ("valerylfentanyl", "I", "122882-90-0", []),
    ("2-methyl-AP-237", "I", "98608-61-8", []),
    # Schedule II
    ("acetyldihydrocodeine", "II", "3861-72-1", []),
    ("codeine", "II", "76-57-3", ["3-methylmorphine", "methylmorphine"]),
    ("dextropropoxyphene", "II", "469-62-5", ["propoxyphene"]),
    ("dihydrocodeine", "II", "125-28-0", []),
    ("ethylmorphine", "II", "76-58-4", ["3-ethylmorphine", "dionine"]),
    ("nicocodine", "II", "3688-66-2", ["6-nicotinylcodeine"]),
    ("nicodicodine", "II", "808-24-2", ["6-nicotinyldihydrocodeine"]),
    ("norcodeine", "II", "467-15-2", ["N-demethylcodeine"]),
    ("pholcodine", "II", "509-67-1", ["morpholinylethylmorphine"]),
    ("propiram", "II", "15686-91-6", []),
]

# --------------------------------------------------------------------------
# 1971 Convention on Psychotropic Substances (Green List)
# --------------------------------------------------------------------------
PSYCHOTROPICS = [
    # Schedule I
    ("brolamfetamine", "I", "64638-07-9", ["DOB", "4-bromo-2,5-dimethoxyamphetamine"]),
    ("cathinone", "I", "71031-15-7", []),
    ("DET", "I", "7558-72-7", ["N,N-diethyltryptamine"]),
    ("DMA", "I", "2801-68-5", ["2,5-dimethoxyamphetamine"]),
    ("DMHP", "I", "32904-22-6", []),
    ("DMT", "I", "61-50-7", ["N,N-dimethyltryptamine"]),
    ("DOC", "I", "123431-31-2", ["4-chloro-2,5-dimethoxyamphetamine"]),
    ("DOET", "I", "22004-32-6", ["2,5-dimethoxy-4-ethylamphetamine"]),
    ("DOM", "I", "15588-95-1", ["STP", "2,5-dimethoxy-4-methylamphetamine"]),
    ("eticyclidine", "I", "2201-15-2", ["PCE"]),
    ("etryptamine", "I", "2235-90-7", ["alpha-ethyltryptamine", "AET"]),
    ("(+)-lysergide", "I", "50-37-3", ["LSD", "LSD-25", "lysergic acid diethylamide"], "LYSERGIDE"),
    ("MDMA", "I", "42542-10-9", ["3,4-methylenedioxymethamphetamine", "ecstasy"]),
    ("mescaline", "I", "54-04-6", ["3,4,5-trimethoxyphenethylamine"]),
    ("methcathinone", "I", "5650-44-2", ["ephedrone"]),
    ("4-methylaminorex", "I", "3568-94-3", []),
    ("MMDA", "I", "13674-05-0", ["5-methoxy-3,4-methylenedioxyamphetamine"]),
    ("4-MTA", "I", "14116-06-4", ["4-methylthioamphetamine"]),
    ("N-ethyl MDA", "I", "82801-81-8", ["MDE", "MDEA", "3,4-methylenedioxy-N-ethylamphetamine"]),
    ("N-hydroxy MDA", "I", "74698-47-8", ["N-hydroxytenamfetamine", "MDOH"]),
    ("parahexyl", "I", "117-51-1", []),
    ("PMA", "I", "64-13-1", ["para-methoxyamphetamine", "4-methoxyamphetamine"]),
    ("PMMA", "I", "22331-70-0", ["para-methoxymethamphetamine", "4-methoxymethamphetamine"]),
    ("psilocine", "I", "520-53-6", ["psilotsin", "psilocin"]),
    ("psilocybine", "I", "520-52-5", ["psilocybin"]),
    ("rolicyclidine", "I", "2201-39-0", ["PHP", "PCPY"]),
    ("tenamfetamine", "I", "4764-17-4", ["MDA", "3,4-methylenedioxyamphetamine"]),
    ("tenocyclidine", "I", "21500-98-1", ["TCP"]),
    ("tetrahydrocannabinol isomers", "I", "",
     ["tetrahydrocannabinols other than delta-9-THC (dronabinol)"], "THC-ISOMERS"),
    ("TMA", "I", "1082-88-8", ["3,4,5-trimethoxyamphetamine"]),
    ("25B-NBOMe", "I", "1026511-90-9", ["2C-B-NBOMe"]),
    ("25C-NBOMe", "I", "1227608-02-7", ["2C-C-NBOMe"]),
    ("25I-NBOMe", "I", "919797-19-6", ["2C-I-NBOMe"]),
    # Schedule II
    ("amfetamine", "II", "300-62-9", ["amphetamine"]),
    ("amineptine", "II", "57574-09-1", []),
    ("2C-B", "II", "66142-81-2", ["4-bromo-2,5-dimethoxyphenethylamine"]),
    ("dexamfetamine", "II", "51-64-9", ["dexamphetamine", "dextroamphetamine"]),
    ("dronabinol", "II", "1972-08-3", ["delta-9-tetrahydrocannabinol", "delta-9-THC"]),
    ("fenetylline", "II", "3736-08-1", ["fenethylline", "captagon"]),
    ("GHB", "II", "591-81-1", ["gamma-hydroxybutyric acid", "4-hydroxybutanoic acid"]),
    ("levamfetamine", "II", "156-34-3", ["levamphetamine", "levoamphetamine"]),
    ("levometamfetamine", "II", "33817-09-3", ["levomethamphetamine", "l-methamphetamine"]),
    ("mecloqualone", "II", "340-57-8", []),
    ("metamfetamine", "II", "537-46-2", ["methamphetamine", "methylamphetamine"]),
    ("metamfetamine racemate", "II", "7632-10-2", ["methamphetamine racemate"]),
    ("methaqualone", "II", "72-44-6", []),
    ("methylphenidate", "II", "113-45-1", []),
    ("phencyclidine", "II", "77-10-1", ["PCP"]),
    ("phenmetrazine", "II", "134-49-6", []),
    ("secobarbital", "II", "76-73-3", ["quinalbarbitone"]),
    ("zipeprol", "II", "34758-83-3", []),
    # Schedule II: NPS placed under control since 2015
    ("JWH-018", "II", "209414-07-3", []),
    ("AM-2201", "II", "335161-24-5", []),
    ("MDPV", "II", "687603-66-3", ["3,4-methylenedioxypyrovalerone"]),
    ("mephedrone", "II", "1189805-46-6", ["4-methylmethcathinone", "4-MMC", "4-methylephedrone"]),
    ("methylone", "II", "186028-79-5", ["beta-keto-MDMA", "bk-MDMA"]),
    ("alpha-PVP", "II", "14530-33-7", ["alpha-pyrrolidinovalerophenone", "alpha-pyrrolidinopentiophenone"]),
    ("4,4'-DMAR", "II", "1445569-01-6", ["para-methyl-4-methylaminorex"]),
    ("methoxetamine", "II", "1239943-76-0", ["MXE"]),
    ("4-MEC", "II", "1225617-18-4", ["4-methylethcathinone"]),
    ("ethylone", "II", "1112937-64-0", ["3,4-methylenedioxy-N-ethylcathinone", "bk-MDEA", "MDEC"]),
    ("pentedrone", "II", "879722-57-3", ["alpha-methylaminovalerophenone"]),
    ("ethylphenidate", "II", "57413-43-1", []),
    ("methiopropamine", "II", "801156-47-8", ["MPA"]),
    ("MDMB-CHMICA", "II", "1715016-78-6", []),
    ("5F-APINACA", "II", "1400742-13-3", ["5F-AKB-48"]),
    ("XLR-11", "II", "1364933-54-9", ["5F-UR-144"]),
    ("AB-CHMINACA", "II", "1185887-21-1", []),
    ("5F-MDMB-PINACA", "II", "1715016-75-3", ["5F-ADB"]),
    ("AB-PINACA", "II", "1445583-20-9", []),
    ("UR-144", "II", "1199943-44-6", []),
    ("5F-PB-22", "II", "1400742-41-7", []),
    ("4-FA", "II", "459-02-9", ["4-fluoroamphetamine"]),
    ("ADB-CHMINACA", "II", "1863065-92-2", ["MAB-CHMINACA"]),
    ("ADB-FUBINACA", "II", "1445583-51-6", []),
    ("CUMYL-4CN-BINACA", "II", "", []),
    ("FUB-AMB", "II", "1715016-76-4", ["MMB-FUBINACA", "AMB-FUBINACA"]),
    ("N-ethylnorpentylone", "II", "727641-67-0", ["ephylone", "N-ethylpentylone"]),
    ("AB-FUBINACA", "II", "", []),
    ("5F-AMB-PINACA", "II", "1715016-74-2", ["5F-AMB", "5F-MMB-PINACA"]),
    ("5F-MDMB-PICA", "II", "", ["5F-MDMB-2201"]),
    ("4F-MDMB-BINACA", "II", "", ["4F-MDMB-BUTINACA"]),
    ("4-CMC", "II", "1225843-86-6", ["4-chloromethcathinone", "clephedrone"]),
    ("N-ethylhexedrone", "II", "802857-66-5", ["hexen", "NEH"]),
    ("alpha-PHP", "II", "13415-86-6", ["alpha-pyrrolidinohexanophenone"]),
    ("MDMB-4en-PINACA", "II", "", []),
    ("CUMYL-PEGACLONE", "II", "", ["SGT-151"]),
    ("3-MeO-PCP", "II", "72242-03-6", ["3-methoxyphencyclidine"]),
    ("diphenidine", "II", "36794-52-2", []),
    ("eutylone", "II", "802855-66-9", ["bk-EBDB"]),
    ("alpha-PiHP", "II", "2181620-71-1", ["alpha-pyrrolidinoisohexanophenone"]),
    ("3-MMC", "II", "", ["3-methylmethcathinone", "metaphedrone"]),
    ("ADB-BUTINACA", "II", "", []),
    ("3-CMC", "II", "1049677-59-9", ["3-chloromethcathinone", "clophedrone"]),
    ("dipentylone", "II", "803614-36-0", ["N,N-dimethylpentylone"]),
    ("2-fluorodeschloroketamine", "II", "111982-50-4", ["2F-DCK", "2-FDCK"]),
    ("HHC", "II", "6692-85-9", ["hexahydrocannabinol"]),
    # Schedule III
    ("amobarbital", "III", "57-43-2", ["amylobarbitone"]),
    ("buprenorphine", "III", "52485-79-7", []),
    ("butalbital", "III", "77-26-9", []),
    ("cathine", "III", "492-39-7", ["(+)-norpseudoephedrine"]),
    ("cyclobarbital", "III", "52-31-3", []),
    ("flunitrazepam", "III", "1622-62-4", []),
    ("glutethimide", "III", "77-21-4", []),
    ("pentazocine", "III", "359-83-1", []),
    ("pentobarbital", "III", "76-74-4", ["pentobarbitone"]),
    # Schedule IV
    ("allobarbital", "IV", "52-43-7", []),
    ("alprazolam", "IV", "28981-97-7", []),
    ("amfepramone", "IV", "90-84-6", ["diethylpropion"]),
    ("aminorex", "IV", "2207-50-3", []),
    ("barbital", "IV", "57-44-3", ["barbitone"]),
    ("benzfetamine", "IV", "156-08-1", ["benzphetamine"]),
    ("bromazepam", "IV", "1812-30-2", []),
    ("bromazolam", "IV", "71368-80-4", []),
    ("brotizolam", "IV", "57801-81-7", []),
    ("butobarbital", "IV", "77-28-1", []),
    ("camazepam", "IV", "36104-80-0", []),
    ("carisoprodol", "IV", "78-44-4", []),
    ("chlordiazepoxide", "IV", "58-25-3", []),
    ("clobazam", "IV", "22316-47-8", []),
    ("clonazepam", "IV", "1622-61-3", []),
    ("clonazolam", "IV", "33887-02-4", []),
    ("clorazepate", "IV", "23887-31-2", ["clorazepic acid"]),
    ("clotiazepam", "IV", "33671-46-4", []),
    ("cloxazolam", "IV", "24166-13-0", []),
    ("delorazepam", "IV", "2894-67-9", []),
    ("diazepam", "IV", "439-14-5", []),
    ("diclazepam", "IV", "2894-68-0", []),
    ("estazolam", "IV", "29975-16-4", []),
    ("ethchlorvynol", "IV", "113-18-8", []),
    ("ethinamate", "IV", "126-52-3", []),
    ("ethyl loflazepate", "IV", "29177-84-2", []),
    ("etilamfetamine", "IV", "457-87-4", ["N-ethylamphetamine"]),
    ("etizolam", "IV", "40054-69-1", []),
    ("fencamfamin", "IV", "1209-98-9", []),
    ("fenproporex", "IV", "16397-28-7", []),
    ("flualprazolam", "IV", "28910-91-0", []),
    ("flubromazolam", "IV", "612526-40-6", []),
    ("fludiazepam", "IV", "3900-31-0", []),
    ("flurazepam", "IV", "17617-23-1", []),
    ("halazepam", "IV", "23092-17-3", []),
    ("haloxazolam", "IV", "59128-97-1", []),
    ("ketazolam", "IV", "27223-35-4", []),
    ("lefetamine", "IV", "7262-75-1", ["SPA"]),
    ("loprazolam", "IV", "61197-73-7", []),
    ("lorazepam", "IV", "846-49-1", []),
    ("lormetazepam", "IV", "848-75-9", []),
    ("mazindol", "IV", "22232-71-9", []),
    ("medazepam", "IV", "2898-12-6", []),
    ("mefenorex", "IV", "17243-57-1", []),
    ("meprobamate", "IV", "57-53-4", []),
    ("mesocarb", "IV", "34262-84-5", ["sydnocarb"]),
    ("methylphenobarbital", "IV", "115-38-8", ["mephobarbital"]),
    ("methyprylon", "IV", "125-64-4", []),
    ("midazolam", "IV", "59467-70-8", []),
    ("nimetazepam", "IV", "2011-67-8", []),
    ("nitrazepam", "IV", "146-22-5", []),
    ("nordazepam", "IV", "1088-11-5", ["nordiazepam", "desmethyldiazepam"]),
    ("oxazepam", "IV", "604-75-1", []),
    ("oxazolam", "IV", "24143-17-7", []),
    ("pemoline", "IV", "2152-34-3", []),
    ("phenazepam", "IV", "51753-57-2", []),
    ("phendimetrazine", "IV", "634-03-7", []),
    ("phenobarbital", "IV", "50-06-6", ["phenobarbitone"]),
    ("phentermine", "IV", "122-09-8", []),
    ("pinazepam", "IV", "52463-83-9", []),
    ("pipradrol", "IV", "467-60-7", []),
    ("prazepam", "IV", "2955-38-6", []),
    ("pyrovalerone", "IV", "3563-49-3", []),
    ("secbutabarbital", "IV", "125-40-6", ["butabarbital"]),
    ("temazepam", "IV", "846-50-4", []),
    ("tetrazepam", "IV", "10379-14-3", []),
    ("triazolam", "IV", "28911-01-5", []),
    ("vinylbital", "IV", "2430-49-1", []),
    ("zolpidem", "IV", "82626-48-0", []),
]

# --------------------------------------------------------------------------
# 1988 Convention (Red List), as at CND 67th session (March 2024).
# --------------------------------------------------------------------------
PRECURSORS = [
    # Table I
    ("N-acetylanthranilic acid", "I", "89-52-1", ["2-acetamidobenzoic acid"]),
    ("acetic anhydride", "I", "108-24-7", ["ethanoic anhydride"]),
    ("4-AP", "I", "23056-29-3", ["N-phenyl-4-piperidinamine", "4-anilinopiperidine"]),
    ("1-boc-4-AP", "I", "125541-22-2",
     ["tert-butyl 4-(phenylamino)piperidine-1-carboxylate", "1-boc-4-anilinopiperidine"]),
    ("1-boc-4-piperidone", "I", "79099-07-3",
     ["tert-butyl 4-oxopiperidine-1-carboxylate", "N-boc-4-piperidone"]),
    ("ANPP", "I", "21409-26-7", ["4-anilino-N-phenethylpiperidine", "despropionylfentanyl"]),
    ("APAA", "I", "4433-77-6", ["alpha-phenylacetoacetamide", "3-oxo-2-phenylbutanamide"]),
    ("APAAN", "I", "4468-48-8", ["alpha-phenylacetoacetonitrile", "3-oxo-2-phenylbutanenitrile"]),
    ("ephedrine", "I", "299-42-3", []),
    ("ergometrine", "I", "60-79-7", ["ergonovine"]),
    ("ergotamine", "I", "113-15-5", []),
    ("isosafrole", "I", "120-58-1", []),
    ("lysergic acid", "I", "82-58-6", []),
    ("MAPA", "I", "16648-44-5", ["methyl alpha-phenylacetoacetate", "methyl 3-oxo-2-phenylbutanoate"]),
    ("3,4-MDP-2-P", "I", "4676-39-5",
     ["PMK", "3,4-methylenedioxyphenyl-2-propanone", "piperonyl methyl ketone"]),
    ("3,4-MDP-2-P methyl glycidate", "I", "13605-48-6",
     ["PMK glycidate", "PMK methyl glycidate", "3,4-MDP-2-P methyl glycidic acid methyl ester"]),
    ("3,4-MDP-2-P methyl glycidic acid", "I", "2167189-50-4", ["PMK glycidic acid"]),
    ("3,4-MDP-2-P methyl glycidic acid ethyl ester", "I", "28578-16-7", ["PMK ethyl glycidate"]),
    ("3,4-MDP-2-P methyl glycidic acid propyl ester", "I", "", ["PMK propyl glycidate"]),
    ("3,4-MDP-2-P methyl glycidic acid isopropyl ester", "I", "", ["PMK isopropyl glycidate"]),
    ("3,4-MDP-2-P methyl glycidic acid butyl ester", "I", "", ["PMK butyl glycidate"]),
    ("3,4-MDP-2-P methyl glycidic acid isobutyl ester", "I", "", ["PMK isobutyl glycidate"]),
    ("3,4-MDP-2-P methyl glycidic acid sec-butyl ester", "I", "", ["PMK sec-butyl glycidate"]),
    ("3,4-MDP-2-P methyl glycidic acid tert-butyl ester", "I", "", ["PMK tert-butyl glycidate"]),
    ("norephedrine", "I", "14838-15-4", ["phenylpropanolamine"]),
    ("norfentanyl", "I", "1609-66-1", ["N-phenyl-N-(piperidin-4-yl)propanamide"]),
    ("NPP", "I", "39742-60-4", ["N-phenethyl-4-piperidone"]),
    ("P-2-P", "I", "103-79-7",
     ["phenyl-2-propanone", "1-phenyl-2-propanone", "benzyl methyl ketone", "BMK", "phenylacetone"]),
    ("P-2-P methyl glycidic acid", "I", "25547-51-7",
     ["BMK glycidic acid", "2-methyl-3-phenyloxirane-2-carboxylic acid"]),
    ("P-2-P methyl glycidic acid methyl ester", "I", "80532-66-7", ["BMK methyl glycidate"]),
    ("P-2-P methyl glycidic acid ethyl ester", "I", "", ["BMK ethyl glycidate"]),
    ("P-2-P methyl glycidic acid propyl ester", "I", "", ["BMK propyl glycidate"]),
    ("P-2-P methyl glycidic acid isopropyl ester", "I", "", ["BMK isopropyl glycidate"]),
    ("P-2-P methyl glycidic acid butyl ester", "I", "", ["BMK butyl glycidate"]),
    ("P-2-P methyl glycidic acid isobutyl ester", "I", "", ["BMK isobutyl glycidate"]),
    ("P-2-P methyl glycidic acid sec-butyl ester", "I", "", ["BMK sec-butyl glycidate"]),
    ("P-2-P methyl glycidic acid tert-butyl ester", "I", "", ["BMK tert-butyl glycidate"]),
    ("phenylacetic acid", "I", "103-82-2", ["benzeneacetic acid"]),
    ("4-piperidone", "I", "41661-47-6", ["piperidin-4-one"]),
    ("piperonal", "I", "120-57-0", ["heliotropin"]),
    ("potassium permanganate", "I", "7722-64-7", []),
    ("pseudoephedrine", "I", "90-82-4", []),
    ("safrole", "I", "94-59-7", []),
    # Table II
    ("acetone", "II", "67-64-1", ["propan-2-one"]),
    ("anthranilic acid", "II", "118-92-3", ["2-aminobenzoic acid"]),
    ("ethyl ether", "II", "60-29-7", ["diethyl ether"]),
    ("hydrochloric acid", "II", "7647-01-0", ["hydrogen chloride"]),
    ("methyl ethyl ketone", "II", "78-93-3", ["MEK", "butanone"]),
    ("piperidine", "II", "110-89-4", []),
    ("sulphuric acid", "II", "7664-93-9", ["sulfuric acid"]),
    ("toluene", "II", "108-88-3", ["methylbenzene"]),
]

# --------------------------------------------------------------------------
# New psychoactive substances: curated sample of NPS not under international
# control as at March 2025 (several under WHO surveillance), seen on drug
# markets. Not exhaustive; national control status varies.
# --------------------------------------------------------------------------
NPS = [
    # synthetic cannabinoid receptor agonists
    ("JWH-073", "", "208987-48-8", []),
    ("JWH-122", "", "619294-47-2", []),
    ("JWH-210", "", "824959-81-1", []),
    ("JWH-250", "", "864445-43-2", []),
    ("RCS-4", "", "1345966-78-0", []),
    ("APINACA", "", "1345973-53-6", ["AKB-48"]),
    ("PB-22", "", "1400742-17-7", ["QUPIC"]),
    ("MDMB-FUBINACA", "", "1715016-77-5", []),
    ("5F-EDMB-PINACA", "", "", []),
    ("MDMB-5Br-INACA", "", "", []),
    # synthetic cathinones
    ("butylone", "", "802575-11-7", ["bk-MBDB"]),
    ("pentylone", "", "698963-77-8", ["bk-MBDP"]),
    ("4-CEC", "", "14919-85-8", ["4-chloroethcathinone"]),
    ("N-ethylheptedrone", "", "2514784-72-4", []),
    ("MDPHP", "", "776994-64-0", ["3,4-methylenedioxy-alpha-pyrrolidinohexiophenone"]),
    # nitazenes and other synthetic opioids
    ("N-desethyl etonitazene", "", "2732926-26-8", []),
    ("N-pyrrolidino isotonitazene", "", "", ["isotonitazepyne"]),
    ("metodesnitazene", "", "", []),
    ("flunitazene", "", "", []),
    ("N-desethyl protonitazene", "", "", []),
    ("ethyleneoxynitazene", "", "", []),
    ("AP-237", "", "", ["bucinnazine"]),
    ("U-48800", "", "", []),
    # designer benzodiazepines
    ("adinazolam", "", "37115-32-5", []),
    ("deschloroetizolam", "", "", []),
    ("desalkylgidazepam", "", "", ["bromonordiazepam"]),
    ("flubromazepam", "", "2647-50-9", []),
    ("meclonazepam", "", "58662-84-3", []),
    ("metizolam", "", "", []),
    ("nitrazolam", "", "", []),
    ("pyrazolam", "", "", []),
    # stimulants, hallucinogens, dissociatives, others
    ("2-FMA", "", "1017176-48-5", ["2-fluoromethamphetamine"]),
    ("4-FMA", "", "351-03-1", ["4-fluoromethamphetamine"]),
    ("5-APB", "", "", ["5-(2-aminopropyl)benzofuran"]),
    ("6-APB", "", "", ["6-(2-aminopropyl)benzofuran"]),
    ("3-FPM", "", "1350768-28-3", ["3-fluorophenmetrazine"]),
    ("4F-MPH", "", "", ["4-fluoromethylphenidate"]),
    ("isopropylphenidate", "", "", ["IPPH"]),
    ("5-MeO-DMT", "", "1019-45-0", ["5-methoxy-N,N-dimethyltryptamine"]),
    ("5-MeO-DALT", "", "928822-98-4", ["5-methoxy-N,N-diallyltryptamine"]),
    ("4-AcO-DMT", "", "92292-84-7", ["psilacetin", "O-acetylpsilocin"]),
    ("4-HO-MET", "", "", ["metocin"]),
    ("1P-LSD", "", "2349358-81-0", ["1-propionyl-LSD"]),
    ("deschloroketamine", "", "7063-30-1", ["DCK", "2-oxo-PCM"]),
    ("2-MeO-diphenidine", "", "127529-46-8", ["methoxphenidine", "MXP"]),
    ("phenibut", "", "1078-21-3", ["beta-phenyl-GABA"]),
    ("mitragynine", "", "4098-40-2", ["kratom alkaloid"]),
    ("salvinorin A", "", "83729-01-5", []),
]

LISTS = [
    # (prefix, kind, entries) in priority order
    ("N-", "NarcoticDrug", NARCOTIC_DRUGS),
    ("P-", "PsychotropicSubstance", PSYCHOTROPICS),
    ("PRE-", "Precursor", PRECURSORS),
    ("NPS-", "NewPsychoactiveSubstance", NPS),
]

ROMAN = {"I", "II", "III", "IV"}
CODE_RE = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")


def slug(name):
    s = name.upper()
    s = s.replace("(+)-", "").replace("(±)-", "").replace("'", "")
    s = re.sub(r"[^A-Z0-9]+", "-", s).strip("-")
    return s


def norm(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


def main():
    rows = []
    seen_codes = {}
    seen_names = {}   # normalised name -> code (names only; synonyms may legitimately overlap)
    dropped_cas = []
    dropped_dupes = []
    for prefix, kind, entries in LISTS:
        for entry in entries:
            name, schedules, cas, synonyms = entry[:4]
            suffix = entry[4] if len(entry) > 4 else slug(name)
            code = prefix + suffix
            if not CODE_RE.match(code):
                sys.exit("bad code %r for %r" % (code, name))
            key = norm(name)
            if key in seen_names:
                dropped_dupes.append((code, seen_names[key]))
                continue
            if code in seen_codes:
                sys.exit("duplicate code %s (%s / %s)" % (code, seen_codes[code], name))
            if kind == "NewPsychoactiveSubstance":
                if schedules:
                    sys.exit("NPS %s must have empty schedules" % code)
            else:
                parts = schedules.split(";")
                if not schedules or any(p not in ROMAN for p in parts):
                    sys.exit("bad schedules %r for %s" % (schedules, code))
                if kind == "Precursor" and schedules not in ("I", "II"):
                    sys.exit("precursor %s must be table I or II" % code)
                if kind == "PsychotropicSubstance" and len(parts) != 1:
                    sys.exit("psychotropic %s must have one schedule" % code)
            if cas and not cas_is_valid(cas):
                dropped_cas.append((code, cas))
                cas = ""
            for s in synonyms:
                if "|" in s:
                    sys.exit("synonym contains '|': %r" % s)
            seen_codes[code] = name
            seen_names[key] = code
            rows.append([code, kind, schedules, name, cas, "|".join(synonyms)])

    order = {kind: i for i, (_, kind, _) in enumerate(LISTS)}
    rows.sort(key=lambda r: (order[r[1]], r[0]))
    path = write_csv("substances.csv", HEADER, rows)
    print("wrote %d rows to %s" % (len(rows), path))
    counts = {}
    for r in rows:
        counts[r[1]] = counts.get(r[1], 0) + 1
    for kind in [k for _, k, _ in LISTS]:
        print("  %-26s %d" % (kind, counts.get(kind, 0)))
    for code, cas in dropped_cas:
        print("warning: CAS %s for %s failed the check digit; left empty" % (cas, code),
              file=sys.stderr)
    for code, kept in dropped_dupes:
        print("warning: %s duplicates higher-priority %s; dropped" % (code, kept), file=sys.stderr)


if __name__ == "__main__":
    main()
