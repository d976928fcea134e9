export type ItemView = { number: number, product: string, quantity: number, price: string, 
/**
 * "Approved" | "Pending approval" | "Denied"
 */
approval: string, 
/**
 * One line.
 */
shipTo: string, };
