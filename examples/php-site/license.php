<?php
/*
 * One license: /license.php?id=4[&on=2026-11-26] — the same card as on the
 * customer's page, also for a date before the purchase ("не приобретена").
 */
declare(strict_types=1);

require __DIR__ . '/_site/views.php';

site_run(function (): Page {
    if (($_SERVER['PATH_INFO'] ?? '') !== '')
        throw new SiteError(404, 'Страница не найдена', 'Такой страницы на сайте нет.');
    $id = site_license_id(site_param('id'));
    $on = site_today();
    $ledger = site_ledger();
    try {
        $parties = $ledger->licenseParties($id);
    } catch (LibSupport\NotFoundException $e) {
        throw new SiteError(404, 'Лицензия не найдена', "Лицензии № {$id} нет.");
    }
    $customer = $ledger->getCustomer($parties['customer']);
    $products = products($ledger);
    $policy = $ledger->getPolicy($on);

    $main = '<p class="back"><a href="' . h(site_url('customer', ['code' => $customer['code']])) . '">'
        . h($customer['name']) . "</a></p>\n"
        . date_form('license', ['id' => (string)$id], $on)
        . license_card($ledger, $id, $products[$parties['product']], $customer, $on, false)
        . contacts_block($policy);
    return new Page("Лицензия № $id — " . $customer['name'], $main);
});
