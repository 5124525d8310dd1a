<?php
/*
 * Handing the sign-in e-mail over. The message itself — its words, the link,
 * the code, how long they hold — is built by the library (Signin::mail, a
 * complete MIME message); here it is only delivered:
 *
 *   transport = outbox   written as a file into [mail] outbox_dir (tests, the
 *                        demo): <time>-<random>.eml, complete before it appears
 *   transport = smtp     sent with [mail] smtp_config (placeholder until
 *                        issue 13's SMTP sender is merged: a clear error)
 */
declare(strict_types=1);

function send_mail(string $to, string $mime): void
{
    $transport = config_text('mail', 'transport');
    if ($transport === 'outbox') {
        mail_to_outbox(config_text('mail', 'outbox_dir'), $mime);
        return;
    }
    throw new RuntimeException('portal: [mail] transport = smtp needs the SMTP sender of issue 13, which is not merged '
                               . 'yet; use transport = outbox');
}

/** Write the message into the outbox directory under a temporary name, then rename it into place. */
function mail_to_outbox(string $dir, string $mime): void
{
    $name = sprintf('%d-%s.eml', (int)(microtime(true) * 1000), bin2hex(random_bytes(8)));
    $tmp = "$dir/.$name.part";
    if (file_put_contents($tmp, $mime, LOCK_EX) !== strlen($mime) || !rename($tmp, "$dir/$name")) {
        @unlink($tmp);
        throw new RuntimeException("portal: cannot write the sign-in e-mail into the outbox $dir");
    }
}
