#!/usr/bin/env python3
"""Writes the sample bank statements of examples/bank/ (1CClientBankExchange).

The samples are committed; this script documents how they were made and
rewrites them byte for byte:  python3 examples/bank/make_samples.py
All parties, accounts and INNs are fictional (with valid check digits).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

VENDOR = dict(name='ООО "Восьмёрка Про"', inn="6316123458", kpp="631601001",
              bank='АО "ПРИМЕР-БАНК"', city="г. Самара", bik="043601999",
              corr="30101810400000000999", acct="40702810954400012345")
VENDOR2 = dict(VENDOR, acct="40702810454400067890")  # the vendor's second account
ROMASHKA = dict(name='ООО "Ромашка"', inn="7715123451", kpp="771501001",
                bank='ПАО "БАНК-ОБРАЗЕЦ"', city="г. Москва", bik="044525999",
                corr="30101810600000000999", acct="40702810438000004321")
PETROV = dict(name="ИП Петров Пётр Петрович", inn="631512345654", kpp="",
              bank='ПАО "БАНК-ОБРАЗЕЦ"', city="г. Москва", bik="044525999",
              corr="30101810600000000999", acct="40802810538000001111")
VOLGA = dict(name='АО "Волга-Софт"', inn="6318990015", kpp="631801001",
             bank='АО "НИЖЕГОРОДСКИЙ ОБРАЗЕЦ"', city="г. Нижний Новгород", bik="042202999",
             corr="30101810300000000999", acct="40702810542000007777")
HOSTING = dict(name='ООО "Хостинг-Сервис"', inn="5260123451", kpp="526001001",
               bank='ПАО "БАНК-ОБРАЗЕЦ"', city="г. Москва", bik="044525999",
               corr="30101810600000000999", acct="40702810438000009999")
BANK_INCOME = dict(VENDOR, name='АО "ПРИМЕР-БАНК"', inn="1650123450", kpp="165001001",
                   acct="70601810054400000001")


def party(role, p, version):
    lines = [f"{role}Счет={p['acct']}"]
    if version == "1.02":  # 1.02 files usually carry the INN in the bare name line
        lines.append(f"{role}=ИНН {p['inn']} {p['name']}")
    else:
        lines.append(f"{role}={p['name']}")
    lines += [f"{role}ИНН={p['inn']}", f"{role}1={p['name']}", f"{role}РасчСчет={p['acct']}",
              f"{role}Банк1={p['bank']}", f"{role}Банк2={p['city']}", f"{role}БИК={p['bik']}",
              f"{role}Корсчет={p['corr']}"]
    return lines


def doc(kind, number, date, amount, payer, payee, purpose, version="1.03",
        received=None, debited=None, purpose_lines=False, kind_of_payment="01"):
    lines = [f"СекцияДокумент={kind}", f"Номер={number}", f"Дата={date}", f"Сумма={amount}"]
    payer_lines = party("Плательщик", payer, version)
    if debited:
        payer_lines.insert(1, f"ДатаСписано={debited}")
    payee_lines = party("Получатель", payee, version)
    if received:
        payee_lines.insert(1, f"ДатаПоступило={received}")
    lines += payer_lines + payee_lines
    lines += ["ВидПлатежа=", f"ВидОплаты={kind_of_payment}", "Очередность=5"]
    if purpose_lines:  # the purpose as printed lines only (older client-bank programs)
        lines.append("НазначениеПлатежа=")
        for i, part in enumerate(purpose, 1):
            lines.append(f"НазначениеПлатежа{i}={part}")
    else:
        lines.append(f"НазначениеПлатежа={purpose}")
    lines += [f"ПлательщикКПП={payer['kpp']}", f"ПолучательКПП={payee['kpp']}", "КонецДокумента"]
    return lines


def header(version, encoding, created, start, end, accounts):
    lines = ["1CClientBankExchange", f"ВерсияФормата={version}", f"Кодировка={encoding}",
             "Отправитель=Интернет-банк ПРИМЕР-БАНК", "Получатель=Бухгалтерия предприятия, редакция 3.0",
             f"ДатаСоздания={created}", "ВремяСоздания=09:15:42", f"ДатаНачала={start}", f"ДатаКонца={end}"]
    lines += [f"РасчСчет={a}" for a in accounts]
    lines += ["Документ=Платежное поручение", "Документ=Банковский ордер"]
    return lines


def balance(acct, start, end, opening, received, debited, closing):
    return ["СекцияРасчСчет", f"ДатаНачала={start}", f"ДатаКонца={end}", f"РасчСчет={acct}",
            f"НачальныйОстаток={opening}", f"ВсегоПоступило={received}", f"ВсегоСписано={debited}",
            f"КонечныйОстаток={closing}", "КонецРасчСчет"]


def write(name, lines, encoding, newline, bom=False, cut=None):
    text = newline.join(lines) + newline
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    if cut is not None:
        data = data[:cut(data)]
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def cp1251_statement():
    v = VENDOR
    lines = header("1.03", "Windows", "04.12.2026", "01.12.2026", "03.12.2026", [v["acct"]])
    lines += balance(v["acct"], "01.12.2026", "03.12.2026", "25000.00", "10590.00", "1650.00", "33940.00")
    lines += doc("Платежное поручение", "412", "01.12.2026", "1998.00", ROMASHKA, v,
                 "Оплата по счёту № 2026-000123 от 01.12.2026 за продление технической поддержки "
                 "«Отчёт по продажам» до 15.07.2027. Без НДС", received="01.12.2026")
    lines += doc("Платежное поручение", "57", "01.12.2026", "3596", PETROV, v,
                 "Оплата по счету N2026-000124 от 27.11.2026 за продление технической поддержки. "
                 "НДС не облагается", received="03.12.2026")
    lines += doc("Платежное поручение", "18", "02.12.2026", "1500.00", v, HOSTING,
                 "Оплата по счёту № 318 от 30.11.2026 за хостинг, декабрь 2026. Без НДС", debited="02.12.2026")
    lines += doc("Банковский ордер", "90211", "02.12.2026", "150.00", v, BANK_INCOME,
                 "Комиссия за ведение счёта за ноябрь 2026 г. Без НДС", debited="02.12.2026", kind_of_payment="17")
    lines += doc("Платежное поручение", "733", "02.12.2026", "3996.00", VOLGA, v,
                 "Оплата по счетам № 2026-000125, 2026-000126 от 01.12.2026 за продление поддержки. Без НДС",
                 received="02.12.2026")
    lines += doc("Платежное поручение", "415", "03.12.2026", "1000.5", ROMASHKA, v,
                 "Частичная оплата по сч. 2026-000127 от 02.12.2026. Без НДС", received="03.12.2026")
    lines.append("КонецФайла")
    return lines


def main():
    v, v2 = VENDOR, VENDOR2
    lines = cp1251_statement()
    # the balance: 25000.00 + 1998.00 + 3596.00 + 3996.00 + 1000.50 - 1500.00 - 150.00
    lines[lines.index("ВсегоПоступило=10590.00")] = "ВсегоПоступило=10590.50"
    lines[lines.index("КонечныйОстаток=33940.00")] = "КонечныйОстаток=33940.50"
    write("statement-cp1251.txt", lines, "cp1251", "\r\n")

    # Two accounts, version 1.02, UTF-8 as some banks write it (Кодировка=UTF-8), LF line ends.
    lines = header("1.02", "UTF-8", "08.12.2026", "04.12.2026", "07.12.2026", [v["acct"], v2["acct"]])
    lines += balance(v["acct"], "04.12.2026", "07.12.2026", "33940.50", "2040.15", "500.00", "35480.65")
    lines += balance(v2["acct"], "04.12.2026", "07.12.2026", "0.00", "8490.00", "0.00", "8490.00")
    lines += doc("Платежное поручение", "88", "04.12.2026", "7990.00", ROMASHKA, v2,
                 "Оплата по договору поставки № 14 от 10.11.2026 (лицензия «Отчёт по продажам»). Без НДС",
                 version="1.02", received="04.12.2026")
    lines += doc("Платежное поручение", "61", "04.12.2026", "1998.00", PETROV, v,
                 ["Оплата по счёту № 2026-000128 от 03.12.2026", "за продление технической поддержки. Без НДС"],
                 version="1.02", received="07.12.2026", purpose_lines=True)
    lines += doc("Мемориальный ордер", "7", "04.12.2026", "42.15", BANK_INCOME, v,
                 "Выплата процентов на остаток по счёту за ноябрь 2026 г. НДС не облагается",
                 version="1.02", received="04.12.2026", kind_of_payment="09")
    lines += doc("Платежное поручение", "19", "04.12.2026", "500", v, v2,
                 "Перевод собственных средств между счетами. Без НДС", version="1.02",
                 debited="04.12.2026", received="04.12.2026")
    lines.append("КонецФайла")
    write("statement-utf8.txt", lines, "utf-8", "\n")

    # DOS (CP866), version 1.02: one incoming payment.
    lines = header("1.02", "DOS", "09.12.2026", "08.12.2026", "08.12.2026", [v["acct"]])
    lines += balance(v["acct"], "08.12.2026", "08.12.2026", "35480.65", "1998.00", "0.00", "37478.65")
    lines += doc("Платежное поручение", "740", "08.12.2026", "1998.00", VOLGA, v,
                 "Оплата по счету N 2026-000130 от 07.12.2026 за продление технической поддержки. Без НДС",
                 version="1.02", received="08.12.2026")
    lines.append("КонецФайла")
    write("statement-dos.txt", lines, "cp866", "\r\n")

    # An overlapping statement (03.12-04.12), re-encoded to UTF-8 with a BOM by a tool that kept
    # "Кодировка=Windows": two documents already in statement-cp1251.txt, and one more.
    lines = header("1.03", "Windows", "05.12.2026", "03.12.2026", "04.12.2026", [v["acct"]])
    lines += balance(v["acct"], "03.12.2026", "04.12.2026", "29344.00", "6590.50", "0.00", "35934.50")
    lines += doc("Платежное поручение", "57", "01.12.2026", "3596", PETROV, v,
                 "Оплата по счету N2026-000124 от 27.11.2026 за продление технической поддержки. "
                 "НДС не облагается", received="03.12.2026")
    lines += doc("Платежное поручение", "415", "03.12.2026", "1000.5", ROMASHKA, v,
                 "Частичная оплата по сч. 2026-000127 от 02.12.2026. Без НДС", received="03.12.2026")
    lines += doc("Платежное поручение", "97", "30.11.2026", "1994.00", VOLGA, v,
                 "Оплата по счёту № 2026-000101 от 01.11.2026 за продление технической поддержки. Без НДС",
                 received="04.12.2026")
    lines.append("КонецФайла")
    write("statement-overlap-bom.txt", lines, "utf-8", "\r\n", bom=True)

    # Broken files (refused as a whole).
    good = cp1251_statement()
    write("bad-truncated.txt", good, "cp1251", "\r\n",
          cut=lambda data: data.index("КонецДокумента".encode("cp1251"), len(data) // 2))
    no_end = list(good)
    del no_end[[i for i, l in enumerate(no_end) if l == "КонецДокумента"][1]]
    write("bad-no-end-of-document.txt", no_end, "cp1251", "\r\n")
    write("bad-encoding-mismatch.txt", good, "utf-8", "\r\n")


if __name__ == "__main__":
    main()
