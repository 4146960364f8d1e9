package io.switchboard.ui.onboarding;

import java.util.List;
import java.util.Optional;

/**
 * What the first-login walk-through needs: where the workspace stands, a number to buy or attach,
 * the knowledge base, the Cal.com link, and the responder switched on on the number. The
 * application implements it with the same services and rules as the REST API.
 */
public interface OnboardingPort {

  /** How far the workspace is: its first number, its knowledge base's indexed documents, its booking link, a live flow. */
  Progress progress();

  /** Numbers to buy in an area code (the sandbox's when no Twilio account is connected). */
  List<String> available(String areaCode);

  /** Buys the number for the workspace; returns it. */
  String buy(String number);

  /** Adds the file to the workspace's "Front desk" knowledge base (made when missing); returns its name. */
  String addKnowledge(String fileName, String contentType, byte[] bytes);

  void saveBookingLink(String link);

  /** Switches the SMS knowledge-base responder on on the number; says what is live. */
  String goLive();

  record Progress(Optional<String> number, int documents, int documentsIndexed, Optional<String> bookingLink,
                  Optional<String> liveOn) {}
}
