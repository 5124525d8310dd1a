<?php
/*
 * A customer's page: /customer.php?code=VECTOR[&on=2026-11-26]
 * Every license the customer owns on the date, with its status, support end,
 * releases, renewal offer and the library's customer notice; then the contacts.
 */
declare(strict_types=1);

require __DIR__ . '/_site/views.php';

site_run(function (): Page {
    if (($_SERVER['PATH_INFO'] ?? '') !== '')
        throw new SiteError(404, 'Страница не найдена', 'Такой страницы на сайте нет.');
    $code = site_param('code');
    $on = site_today();
    $ledger = site_ledger();
    $customer = site_customer($ledger, $code);
    $products = products($ledger);
    $policy = $ledger->getPolicy($on);

    $main = '<h1 class="customer" data-code="' . h($customer['code']) . '">' . h($customer['name'])
        . ' <span class="customer-code">' . h($customer['code']) . "</span></h1>\n"
        . date_form('customer', ['code' => $customer['code']], $on);
    $count = 0;
    foreach ($ledger->listLicenses($on, $customer['customer']) as $row) {
        $main .= license_card($ledger, $row['license'], $products[$row['product']], $customer, $on, true);
        $count++;
    }
    if ($count === 0)
        $main .= '<p class="no-licenses">На ' . h(ru_date($on)) . " у клиента нет лицензий.</p>\n";
    $main .= contacts_block($policy);
    return new Page($customer['name'], $main);
});
